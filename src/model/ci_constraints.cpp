// Attribute constraints of CI types (R-9.1-types) and the glob patterns they use. Globs, not
// regular expressions: a glob cannot backtrack catastrophically, so a type definition cannot
// make CI writes slow, and matching never throws.
#include <fmt/format.h>

#include <algorithm>
#include <bitset>
#include <cmath>

#include "itsm/model/ci_type.hpp"

namespace itsm::model {

namespace {

struct glob_token {
  enum { literal, any_one, any_run, set } what = literal;
  std::bitset<256> chars{};  // for literal (one bit) and set
};

// Tokens of `p`, or the problem with it.
std::string tokenize(std::string_view p, std::vector<glob_token>& out) {
  auto byte = [](char c) { return static_cast<unsigned char>(c); };
  for (std::size_t i = 0; i < p.size(); ++i) {
    glob_token t;
    if (p[i] == '*') {
      t.what = glob_token::any_run;
    } else if (p[i] == '?') {
      t.what = glob_token::any_one;
    } else if (p[i] == '\\') {
      if (++i == p.size()) return "it ends in an unfinished escape '\\'";
      t.chars.set(byte(p[i]));
    } else if (p[i] == '[') {
      t.what = glob_token::set;
      std::size_t j = i + 1;
      const bool negate = j < p.size() && p[j] == '!';
      if (negate) ++j;
      const std::size_t first = j;
      for (; j < p.size() && (p[j] != ']' || j == first); ++j) {
        if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
          if (byte(p[j]) > byte(p[j + 2])) return fmt::format("the range '{}-{}' is reversed", p[j], p[j + 2]);
          for (unsigned c = byte(p[j]); c <= byte(p[j + 2]); ++c) t.chars.set(c);
          j += 2;
        } else {
          t.chars.set(byte(p[j]));
        }
      }
      if (j >= p.size()) return "a '[' class is not closed with ']'";
      if (negate) t.chars.flip();
      i = j;
    } else {
      t.chars.set(byte(p[i]));
    }
    out.push_back(t);
  }
  return {};
}

bool one(const glob_token& t, char c) {
  return t.what == glob_token::any_one || t.chars.test(static_cast<unsigned char>(c));
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n\f\v");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n\f\v") - b + 1);
}

bool numeric(value_type t) { return t == value_type::integer || t == value_type::real; }

}  // namespace

std::string glob_problem(std::string_view pattern) {
  if (pattern.size() > max_pattern_length)
    return fmt::format("it is longer than {} characters", max_pattern_length);
  std::vector<glob_token> tokens;
  return tokenize(pattern, tokens);
}

bool glob_match(std::string_view pattern, std::string_view text) {
  std::vector<glob_token> tok;
  if (!tokenize(pattern, tok).empty()) return false;
  // Greedy with one backtrack point, the last `*`: each text position is retried at most once
  // per `*`, so the cost is bounded by |tokens| * |text|.
  std::size_t t = 0, s = 0, star = std::string_view::npos, resume = 0;
  while (s < text.size()) {
    if (t < tok.size() && tok[t].what == glob_token::any_run) {
      star = t++;
      resume = s;
    } else if (t < tok.size() && one(tok[t], text[s])) {
      ++t;
      ++s;
    } else if (star != std::string_view::npos) {
      t = star + 1;
      s = ++resume;
    } else {
      return false;
    }
  }
  while (t < tok.size() && tok[t].what == glob_token::any_run) ++t;
  return t == tok.size();
}

std::vector<violation> attribute_def::check_value(const value& v) const {
  std::vector<violation> out;
  auto refuse = [&](std::string what) {
    out.push_back({"R-9.1-types", fmt::format("attribute '{}' {}", name, what)});
  };
  if (numeric(v.type())) {
    const double x = v.type() == value_type::integer ? static_cast<double>(v.as_int()) : v.as_real();
    if (min && x < *min) refuse(fmt::format("must be at least {} (min), got {}", *min, v.to_display()));
    if (max && x > *max) refuse(fmt::format("must be at most {} (max), got {}", *max, v.to_display()));
  }
  if (v.type() == value_type::text) {
    const auto& s = v.as_text();
    if (non_empty && trimmed(s).empty()) refuse("must not be empty (non_empty)");
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), s) == allowed.end())
      refuse(fmt::format("must be one of the allowed values, got '{}'", s));
    if (!pattern.empty()) {
      if (s.size() > max_patterned_length)
        refuse(fmt::format("is longer than the {} characters a pattern is checked against", max_patterned_length));
      else if (!glob_match(pattern, s))
        refuse(fmt::format("must match the pattern '{}', got '{}'", pattern, s));
    }
  }
  return out;
}

// The constraint part of ci_type::check(): each constraint fits its attribute's type and can
// be met.
std::vector<violation> constraint_problems(const attribute_def& a) {
  std::vector<violation> out;
  auto refuse = [&](std::string what) {
    out.push_back({"R-9.1-types", fmt::format("attribute '{}': {}", a.name, what)});
  };
  if ((a.min || a.max) && !numeric(a.type)) refuse("min and max apply to integer and real attributes only");
  if ((a.min && !std::isfinite(*a.min)) || (a.max && !std::isfinite(*a.max))) refuse("min and max must be finite");
  else if (a.min && a.max && *a.min > *a.max) refuse(fmt::format("min {} is greater than max {}", *a.min, *a.max));
  const bool text = a.type == value_type::text;
  if (!a.pattern.empty() && !text) refuse("a pattern applies to text attributes only");
  if (!a.allowed.empty() && !text) refuse("allowed values apply to text attributes only");
  if (a.non_empty && !text) refuse("non_empty applies to text attributes only");
  if (auto p = glob_problem(a.pattern); !p.empty()) refuse(fmt::format("the pattern is not valid: {}", p));
  for (std::size_t i = 0; i < a.allowed.size(); ++i)
    if (std::find(a.allowed.begin(), a.allowed.begin() + static_cast<std::ptrdiff_t>(i), a.allowed[i]) !=
        a.allowed.begin() + static_cast<std::ptrdiff_t>(i))
      refuse(fmt::format("the allowed value '{}' is listed twice", a.allowed[i]));
  if (text && !a.allowed.empty()) {  // the constraints together must admit a value
    bool any = false;
    for (const auto& x : a.allowed) any = any || a.check_value(value(x)).empty();
    if (!any) refuse("no allowed value meets the attribute's other constraints");
  }
  return out;
}

}  // namespace itsm::model
