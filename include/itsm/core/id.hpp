// Strong ids: an incident id cannot be passed where a CI id is expected. Each id is a positive
// number with a readable key ("INC-42") made from its tag's prefix. Thread-safety: plain values.
//
// A tag is any type with `static constexpr std::string_view prefix` (e.g. "INC").
#pragma once

#include <charconv>
#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "itsm/core/error.hpp"

namespace itsm {

namespace detail {
// Out of line: keeps message building out of every id<Tag>::parse instantiation.
[[noreturn]] void throw_bad_id(std::string_view key, std::string_view prefix);
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

  // Parses "INC-42". Throws itsm::error(invalid_argument) on a wrong prefix or number.
  static id parse(std::string_view key) {
    const auto p = Tag::prefix;
    std::int64_t n = 0;
    if (key.size() > p.size() + 1 && key.substr(0, p.size()) == p && key[p.size()] == '-') {
      const char* first = key.data() + p.size() + 1;
      const char* last = key.data() + key.size();
      auto [ptr, ec] = std::from_chars(first, last, n);
      if (ec == std::errc{} && ptr == last && n > 0) return id(n);
    }
    detail::throw_bad_id(key, p);
  }

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
