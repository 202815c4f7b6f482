#include "csv.hpp"

#include <set>

#include "itsm/core/text.hpp"

namespace itsm::detail {

namespace {

// One record's fields, or the reason it is malformed.
struct raw_record {
  std::size_t line = 0;
  std::vector<std::string> fields;
  std::string problem;  // "" = well formed
  bool fatal = false;   // the rest of the file cannot be read
};

class scanner {
 public:
  scanner(std::string_view text, const csv_limits& limits) : s_(text), limits_(limits) {}
  bool done() const { return pos_ >= s_.size(); }

  raw_record next() {
    raw_record r;
    r.line = line_;
    std::string field;
    bool quoted = false, after_quote = false;
    std::size_t quote_line = line_;
    auto fail = [&](std::string why) {
      if (r.problem.empty()) r.problem = std::move(why);
    };
    auto push = [&] {
      if (field.size() > limits_.max_field_bytes)
        fail("column " + std::to_string(r.fields.size() + 1) + " is longer than " +
             std::to_string(limits_.max_field_bytes) + " bytes");
      else if (!is_valid_utf8(field))
        fail("column " + std::to_string(r.fields.size() + 1) + " is not valid UTF-8");
      if (r.fields.size() >= limits_.max_columns) fail("more than " + std::to_string(limits_.max_columns) + " columns");
      else r.fields.push_back(r.problem.empty() ? std::move(field) : std::string());
      field.clear();
      after_quote = false;
    };
    while (pos_ < s_.size()) {
      const char c = s_[pos_++];
      if (quoted) {
        if (c == '"') {
          if (pos_ < s_.size() && s_[pos_] == '"') {
            ++pos_;
            field += '"';
          } else {
            quoted = false;
            after_quote = true;
          }
        } else {
          if (c == '\n') ++line_;
          if (field.size() <= limits_.max_field_bytes) field += c;  // one byte over marks it too long
        }
        continue;
      }
      if (c == ',') {
        push();
      } else if (c == '\n' || (c == '\r' && pos_ < s_.size() && s_[pos_] == '\n')) {
        if (c == '\r') ++pos_;
        ++line_;
        push();
        return r;
      } else if (c == '"') {
        if (!field.empty() || after_quote) fail("a quote inside an unquoted field (quote the whole field)");
        quoted = true;
        quote_line = line_;
      } else {
        if (after_quote) fail("text after a closing quote");
        if (field.size() <= limits_.max_field_bytes) field += c;
      }
    }
    if (quoted) {
      r.problem = "the quote opened on line " + std::to_string(quote_line) + " is never closed";
      r.fatal = true;
      return r;
    }
    push();
    return r;
  }

 private:
  std::string_view s_;
  csv_limits limits_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

csv_table read_csv(std::string_view text, const csv_limits& limits) {
  csv_table t;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte-order mark
  scanner sc(text, limits);
  if (sc.done()) {
    t.problems.push_back({1, "the file is empty: the first row names the columns"});
    return t;
  }
  auto head = sc.next();
  if (!head.problem.empty()) {
    t.problems.push_back({head.line, "header: " + head.problem});
    return t;
  }
  std::set<std::string> names;
  for (const auto& h : head.fields) {
    if (h.empty()) t.problems.push_back({head.line, "header: a column without a name"});
    else if (!names.insert(h).second) t.problems.push_back({head.line, "header: column '" + h + "' appears twice"});
  }
  if (!t.problems.empty()) return t;
  t.header = std::move(head.fields);
  while (!sc.done()) {
    auto r = sc.next();
    if (r.problem.empty() && r.fields.size() != t.header.size())
      r.problem = std::to_string(r.fields.size()) + " columns where the header has " + std::to_string(t.header.size());
    if (!r.problem.empty()) t.problems.push_back({r.line, std::move(r.problem)});
    else t.rows.push_back({r.line, std::move(r.fields), {}});
    if (r.fatal) break;
  }
  return t;
}

}  // namespace itsm::detail
