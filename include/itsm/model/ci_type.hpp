// A CI type: the documented definition every CI of that type follows (R-9.1-types): a name, an
// optional parent type whose attributes and relationship kinds it inherits, a typed attribute
// schema, and the relationship kinds a CI of this type may have as source. Thread-safety: value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/model/kind.hpp"

namespace itsm::model {

// An attribute of a CI type and the constraints its values meet (R-9.1-types). Every
// constraint is optional; an unset one constrains nothing. Constraints apply to non-null values.
struct ITSM_API attribute_def {
  std::string name{};
  value_type type = value_type::text;  // Default: text
  bool required = false;               // Default: optional
  std::optional<double> min{};         // integer, real: value >= min. Default: none
  std::optional<double> max{};         // integer, real: value <= max. Default: none
  // text: a glob the whole value must match (see glob_match). Default: "" = none.
  std::string pattern{};
  std::vector<std::string> allowed{};  // text: one of these, exactly. Default: empty = any
  bool non_empty = false;              // text: not empty or whitespace only. Default: false

  // The constraint violations of a non-null `v` of the attribute's type, each naming the
  // attribute and the constraint (R-9.1-types). REQUIRES: the definition passed check().
  std::vector<violation> check_value(const value& v) const;
};

// Longest pattern and longest text value checked against a pattern: matching costs at most
// their product, so neither is unbounded.
inline constexpr std::size_t max_pattern_length = 256;
inline constexpr std::size_t max_patterned_length = 4096;

// Glob syntax: `*` any run of characters, `?` any one character, `[abc]` / `[a-z]` / `[!a-z]` a
// character class, `\x` the character x literally; anything else matches itself. Bytes, not
// code points (so `?` matches one byte of a multibyte character). Returns "" for a valid
// pattern, else what is wrong with it.
ITSM_API std::string glob_problem(std::string_view pattern);
// Does all of `text` match the valid `pattern`? O(|pattern| * |text|) time, no recursion.
ITSM_API bool glob_match(std::string_view pattern, std::string_view text);

// Problems of a list of attribute definitions: names ([a-z0-9_-], 1-63 chars), a type, no name
// twice, constraints that fit the type and can be met (R-9.1-types). Ticket custom fields use
// the same definitions (docs/tickets.md).
ITSM_API std::vector<violation> check_attribute_defs(const std::vector<attribute_def>& defs);
// Violations of `values` against `defs` (R-9.1-types): every required attribute present, each
// value of its declared type and within its constraints, no attribute `defs` does not declare.
// `owner` names the declarer in the messages ("type 'server'", "incident custom fields").
ITSM_API std::vector<violation> check_attributes(const std::vector<attribute_def>& defs, const attribute_map& values,
                                                 std::string_view owner);

struct ITSM_API ci_type {
  std::string name{};                         // identity of the type, e.g. "server"
  std::int64_t revision = 0;
  std::string parent{};                       // "" = none
  std::string description{};                  // the documented definition
  std::vector<attribute_def> attributes{};    // own attributes (inherited ones come from parent)
  std::vector<std::string> relationship_kinds{};  // kinds allowed with this type as source

  static const kind_def<ci_type>& def();
  // Invariants of the definition itself (names, duplicates, constraints that fit the attribute's
  // type and can be met): violations cite R-9.1-types.
  std::vector<violation> check() const;
};

}  // namespace itsm::model
