// Strong ids: an incident id cannot be passed where a CI id is expected. Each id is a positive
// number with a readable key ("INC-42") made from its tag's prefix. Thread-safety: plain values.
//
// A tag is any type with `static constexpr std::string_view prefix` (e.g. "INC").
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "itsm/core/error.hpp"
#include "itsm/core/export.hpp"

namespace itsm {

namespace detail {
// The number of the canonical key "<prefix>-<n>" (n > 0 in decimal, no sign, no leading zero,
// no blanks); throws itsm::error(invalid_argument) for anything else. Out of line: keeps
// message building out of every id<Tag>::parse instantiation.
ITSM_API std::int64_t parse_id_number(std::string_view key, std::string_view prefix);
}  // namespace detail

template <class Tag>
class id {
 public:
  using tag = Tag;
  constexpr id() = default;
  constexpr explicit id(std::int64_t number) : number_(number) {}

  constexpr std::int64_t number() const noexcept { return number_; }
  constexpr bool valid() const noexcept { return number_ > 0; }
  constexpr explicit operator bool() const noexcept { return valid(); }

  // "INC-42"; an invalid (zero) id gives "" so that an empty optional link stores as empty text.
  std::string key() const {
    if (!valid()) return {};
    return std::string(Tag::prefix) + "-" + std::to_string(number_);
  }

  // Parses the canonical key "INC-42", exactly as key() writes it: parse(k).key() == k.
  // Throws itsm::error(invalid_argument) on anything else ("INC-042", "INC-+42", " INC-42",
  // "inc-42", a wrong prefix, zero, a number out of range).
  static id parse(std::string_view key) { return id(detail::parse_id_number(key, Tag::prefix)); }

  friend constexpr auto operator<=>(const id&, const id&) = default;

 private:
  std::int64_t number_ = 0;
};

}  // namespace itsm

template <class Tag>
struct std::hash<itsm::id<Tag>> {
  std::size_t operator()(const itsm::id<Tag>& i) const noexcept {
    return std::hash<std::int64_t>{}(i.number());
  }
};
