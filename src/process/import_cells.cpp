// The cells of an import row as CI fields and typed attributes, and a CI's identity
// (docs/import.md).
#include "import_cells.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "itsm/model/codec.hpp"

namespace itsm::detail {

using model::ci_status;
using model::configuration_item;

namespace {

// The cell as a value of type `t`, or nullopt with `why` set.
std::optional<value> parse_cell(const std::string& cell, value_type t, std::string& why) {
  switch (t) {
    case value_type::text: return value(cell);
    case value_type::integer: {
      std::int64_t n = 0;
      const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), n);
      if (ec == std::errc() && end == cell.data() + cell.size()) return value(n);
      why = "is not an integer";
      return std::nullopt;
    }
    case value_type::real: {
      double d = 0;
      const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), d);
      if (ec == std::errc() && end == cell.data() + cell.size() && std::isfinite(d)) return value(d);
      why = "is not a finite number";
      return std::nullopt;
    }
    case value_type::boolean:
      if (cell == "true" || cell == "false") return value(cell == "true");
      why = "is not true or false";
      return std::nullopt;
    case value_type::time:
      try {
        return value(parse_iso(cell));
      } catch (const error&) {
        why = "is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)";
        return std::nullopt;
      }
    case value_type::null: break;
  }
  why = "has no type";
  return std::nullopt;
}

// Parses "SVC-1;SVC-2" (or a customer key) into ids; a malformed key is a violation.
template <class Id>
std::vector<Id> parse_keys(const std::string& cell, const std::string& column, std::vector<violation>& v) {
  std::vector<Id> out;
  std::size_t from = 0;
  while (from <= cell.size() && !cell.empty()) {
    const auto to = std::min(cell.find(';', from), cell.size());
    const auto key = cell.substr(from, to - from);
    try {
      out.push_back(Id::parse(key));
    } catch (const error&) {
      v.push_back({"R-9.1-attrs", fmt::format("column {}: '{}' is not a key like {}-1", column, key, Id::tag::prefix)});
    }
    from = to + 1;
  }
  return out;
}

}  // namespace

// Sets the fields and attributes the row's columns name on `ci` (the file states the whole
// content of its columns: an empty cell clears). Cells that do not parse become violations.
void apply_cells(const csv_row& row, const std::vector<std::string>& header, const model::ci_type* type,
                 configuration_item& ci, std::vector<violation>& v, const std::vector<bool>* skip) {
  static const std::map<std::string, std::string configuration_item::*, std::less<>> texts{
      {"description", &configuration_item::description}, {"version", &configuration_item::version},
      {"location", &configuration_item::location},       {"owner", &configuration_item::owner},
      {"media_location", &configuration_item::media_location},
      {"media_checksum", &configuration_item::media_checksum}, {"asset_tag", &configuration_item::asset_tag}};
  for (std::size_t i = 0; i < header.size(); ++i) {
    if ((!row.absent.empty() && row.absent[i]) || (skip && (*skip)[i])) continue;
    const auto& column = header[i];
    const auto& cell = row.fields[i];
    if (column == "type" || column == "name") continue;
    if (const auto t = texts.find(column); t != texts.end()) {
      ci.*(t->second) = cell;
    } else if (column == "status") {
      if (cell.empty()) continue;  // a new CI starts as planned; a stored one keeps its status
      try {
        ci.status = model::enum_from_string<ci_status>(cell);
      } catch (const error& e) {
        v.push_back({"R-9.1-attrs", fmt::format("column status: {}", e.what())});
      }
    } else if (column == "services") {
      ci.services = parse_keys<service_id>(cell, column, v);
    } else if (column == "customer") {
      const auto ids = parse_keys<customer_id>(cell, column, v);
      ci.customer = ids.empty() ? customer_id{} : ids.front();
    } else if (type) {
      const auto def = std::find_if(type->attributes.begin(), type->attributes.end(),
                                    [&](const auto& a) { return a.name == column; });
      if (def == type->attributes.end()) {
        if (!cell.empty())
          v.push_back({"R-9.1-types", fmt::format("type '{}' has no attribute '{}'", type->name, column)});
        continue;
      }
      if (cell.empty()) {
        ci.attributes.erase(column);
        continue;
      }
      std::string why;
      if (auto parsed = parse_cell(cell, def->type, why)) ci.attributes[column] = std::move(*parsed);
      else v.push_back({"R-9.1-types", fmt::format("attribute {}: '{}' {}", column, cell, why)});
    }
  }
}

namespace {
std::string identity_text(const value& v) { return v.type() == value_type::text ? v.as_text() : v.to_display(); }
}  // namespace

// The identity of a CI under its type's rule: its identity attributes' values, or its name.
std::string identity_of(const configuration_item& ci, const identity_rule* rule) {
  if (!rule || rule->attributes.empty()) return model::identity_key(ci.name);
  std::string out;
  for (const auto& a : rule->attributes) {
    const auto it = ci.attributes.find(a);
    if (!out.empty()) out += '/';
    out += model::identity_key(it == ci.attributes.end() ? "" : identity_text(it->second));
  }
  return out;
}


}  // namespace itsm::detail
