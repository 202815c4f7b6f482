#include "json_rows.hpp"

#include <nlohmann/json.hpp>

#include <map>

#include "../core/json_unique.hpp"

namespace itsm::detail {

namespace {

using json = nlohmann::json;

// The value as a cell's text, or "" with `problem` set.
std::string cell_text(const json& v, const std::string& key, std::string& problem) {
  switch (v.type()) {
    case json::value_t::string: return v.get<std::string>();
    case json::value_t::null: return "";
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return v.dump();
    case json::value_t::array: {
      std::string out;
      for (const auto& item : v) {
        if (!item.is_string()) {
          problem = "key '" + key + "': a list holds strings only";
          return "";
        }
        out += (out.empty() ? "" : ";") + item.get<std::string>();
      }
      return out;
    }
    default: problem = "key '" + key + "' is an object: values are strings, numbers, true/false, null or lists";
  }
  return "";
}

// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
std::string plain(const char* what) {
  std::string_view s(what);
  if (const auto at = s.find("] "); s.rfind("[json.exception", 0) == 0 && at != std::string_view::npos) s.remove_prefix(at + 2);
  return std::string(s);
}

}  // namespace

csv_table read_json_rows(std::string_view text, const csv_limits& limits, std::initializer_list<const char*> required) {
  csv_table t;
  json doc;
  try {
    auto parsed = parse_unique_keys(text);
    if (!parsed.problem.empty()) {
      t.problems.push_back({0, "malformed JSON: " + parsed.problem});
      return t;
    }
    doc = std::move(parsed.doc);
  } catch (const json::exception& e) {  // the parser names the line and column
    t.problems.push_back({0, "malformed JSON: " + plain(e.what())});
    return t;
  }
  if (!doc.is_array()) {
    t.problems.push_back({0, "the JSON text must be an array of objects, one per row"});
    return t;
  }
  std::map<std::string, std::size_t, std::less<>> column;
  for (const char* r : required) column.emplace(r, column.size()), t.header.emplace_back(r);
  std::vector<std::vector<std::pair<std::size_t, std::string>>> cells(doc.size());
  std::vector<std::string> problem(doc.size());
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const auto& o = doc[i];
    if (!o.is_object()) problem[i] = "the element is not an object";
    else if (o.size() > limits.max_columns) problem[i] = "more than " + std::to_string(limits.max_columns) + " keys";
    for (const char* r : required)
      if (problem[i].empty() && !o.contains(r)) problem[i] = std::string("the object has no key '") + r + "'";
    if (!problem[i].empty()) continue;
    for (const auto& [key, v] : o.items()) {
      auto text_value = cell_text(v, key, problem[i]);
      if (text_value.size() > limits.max_field_bytes)
        problem[i] = "key '" + key + "' is longer than " + std::to_string(limits.max_field_bytes) + " bytes";
      // The file's keys are its columns: as many as a CSV header may have (every row holds a
      // cell per column, so unbounded keys would grow memory with rows times keys).
      if (problem[i].empty() && !column.count(key) && column.size() >= limits.max_columns)
        problem[i] = "the file has more than " + std::to_string(limits.max_columns) + " distinct keys";
      if (problem[i].empty() && key.size() > limits.max_field_bytes)
        problem[i] = "a key is longer than " + std::to_string(limits.max_field_bytes) + " bytes";
      if (!problem[i].empty()) break;
      const auto at = column.emplace(key, column.size()).first->second;
      if (at == t.header.size()) t.header.push_back(key);
      cells[i].emplace_back(at, std::move(text_value));
    }
  }
  for (std::size_t i = 0; i < doc.size(); ++i) {
    if (!problem[i].empty()) {
      t.problems.push_back({i, std::move(problem[i])});
      continue;
    }
    csv_row row{i, std::vector<std::string>(t.header.size()), std::vector<bool>(t.header.size(), true)};
    for (auto& [at, value] : cells[i]) row.fields[at] = std::move(value), row.absent[at] = false;
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace itsm::detail
