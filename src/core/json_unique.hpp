// JSON parsing that notices what nlohmann lets pass silently: a key given twice in one object
// (it keeps the last; input that says two things about one field is ambiguous) and a NUL byte
// (it takes it for the end of the text and ignores the rest). The callers refuse both. Private
// to src/ (not installed).
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::detail {

struct unique_json {
  nlohmann::json doc;
  std::string problem;  // "" = none; else why the text is refused (doc is then empty)
};

// Throws what nlohmann::json::parse throws for text that is not JSON.
inline unique_json parse_unique_keys(std::string_view text) {
  using event = nlohmann::json::parse_event_t;
  unique_json out;
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    out.problem = "a NUL byte at offset " + std::to_string(nul);
    return out;
  }
  std::vector<std::set<std::string>> open;  // the keys of each object being read, innermost last
  out.doc = nlohmann::json::parse(text, [&](int, event e, nlohmann::json& j) {
    if (e == event::object_start) open.emplace_back();
    else if (e == event::object_end) open.pop_back();
    else if (e == event::key && !open.back().insert(j.get<std::string>()).second && out.problem.empty())
      out.problem = "key '" + j.get<std::string>() + "' appears twice in one object";
    return true;
  });
  if (!out.problem.empty()) out.doc = nullptr;
  return out;
}

}  // namespace itsm::detail
