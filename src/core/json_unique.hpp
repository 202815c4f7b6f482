// JSON parsing that notices what nlohmann lets pass silently: a key given twice in one object
// (it keeps the last; input that says two things about one field is ambiguous) and a NUL byte
// (it takes it for the end of the text and ignores the rest). The callers refuse both. Private
// to src/ (not installed).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::detail {

// A SAX pass that only looks at keys (nlohmann's parse callbacks would do it in one pass, but
// they rescan the parent at every value: quadratic in the rows of an import).
class duplicate_key_finder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::string problem;

  bool start_object(std::size_t) override { return open_.emplace_back(), true; }
  bool end_object() override { return open_.pop_back(), true; }
  bool key(string_t& k) override {
    if (open_.back().insert(k).second) return true;
    problem = "key '" + k + "' appears twice in one object";
    return false;  // stops the pass
  }
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  std::vector<std::set<std::string>> open_;  // the keys of each object being read, innermost last
};

struct unique_json {
  nlohmann::json doc;
  std::string problem;  // "" = none; else why the text is refused (doc is then null)
};

// Throws what nlohmann::json::parse throws for text that is not JSON.
inline unique_json parse_unique_keys(std::string_view text) {
  unique_json out;
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    out.problem = "a NUL byte at offset " + std::to_string(nul);
    return out;
  }
  out.doc = nlohmann::json::parse(text);
  duplicate_key_finder finder;
  nlohmann::json::sax_parse(text, &finder);
  if (!finder.problem.empty()) out.problem = std::move(finder.problem), out.doc = nullptr;
  return out;
}

}  // namespace itsm::detail
