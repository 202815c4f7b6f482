// How a model member type maps to a storage value: field_codec<T> gives its value_type, whether
// it may be null, and encode/decode. Supported: std::string, bool, int, int64, double, timestamp,
// strong ids (text key), enums with enum_names<E>, std::optional<T>, lists of strings or ids and
// attribute maps (JSON text). Thread-safety: stateless.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "itsm/core/error.hpp"
#include "itsm/core/export.hpp"
#include "itsm/core/id.hpp"
#include "itsm/core/time.hpp"
#include "itsm/core/value.hpp"

namespace itsm::model {

namespace detail {
// Out of line: keeps message building out of every enum_from_string instantiation.
[[noreturn]] ITSM_API void throw_bad_enum(std::string_view value, const std::string_view* names, std::size_t count);
// Throws itsm::error(invalid_argument) unless `v` can be stored and encoded everywhere: a text
// must be valid UTF-8, a real finite (NaN and infinities have no JSON form).
ITSM_API void require_storable(const value& v);
// Rethrows `e` as `code` with the message prefixed by "<kind>.<field>: ".
[[noreturn]] ITSM_API void rethrow_in_field(const error& e, errc code, std::string_view kind, std::string_view field);
}  // namespace detail

// Specialize for every enum stored in a model object: names in declaration order, values 0..N-1.
//   template <> struct enum_names<incident_state> { static constexpr std::array values{…}; };
template <class E>
struct enum_names;

template <class E>
std::string_view enum_to_string(E e) {
  const auto& names = enum_names<E>::values;
  const auto i = static_cast<std::size_t>(e);
  return i < names.size() ? names[i] : std::string_view("?");
}

// Throws itsm::error(invalid_argument) listing the allowed names.
template <class E>
E enum_from_string(std::string_view s) {
  const auto& names = enum_names<E>::values;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == s) return static_cast<E>(i);
  detail::throw_bad_enum(s, names.data(), names.size());
}

// Free-form typed attributes of a CI (R-9.1-types), stored as one JSON text field.
using attribute_map = std::map<std::string, value, std::less<>>;

namespace detail {
// JSON text of a list of strings / of typed attributes. Errors: invalid_argument (a text that
// is not valid UTF-8, a non-finite real), naming the item or attribute.
ITSM_API std::string encode_list(const std::vector<std::string>& items);
ITSM_API std::string encode_attributes(const attribute_map& attrs);
// Errors: corrupt (not the JSON encode_… writes).
ITSM_API std::vector<std::string> decode_list(const std::string& text);
ITSM_API attribute_map decode_attributes(const std::string& text);
template <class T> struct is_id : std::false_type {};
template <class Tag> struct is_id<itsm::id<Tag>> : std::true_type {};
template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
}  // namespace detail

template <class T, class = void>
struct field_codec;

template <> struct field_codec<std::string> {
  static constexpr value_type type = value_type::text;
  static constexpr bool nullable = false;
  static value encode(const std::string& s) { return value(s); }
  static std::string decode(const value& v) { return v.is_null() ? std::string() : v.as_text(); }
};
template <> struct field_codec<bool> {
  static constexpr value_type type = value_type::boolean;
  static constexpr bool nullable = false;
  static value encode(bool b) { return value(b); }
  static bool decode(const value& v) { return !v.is_null() && v.as_bool(); }
};
template <> struct field_codec<std::int64_t> {
  static constexpr value_type type = value_type::integer;
  static constexpr bool nullable = false;
  static value encode(std::int64_t i) { return value(i); }
  static std::int64_t decode(const value& v) { return v.is_null() ? 0 : v.as_int(); }
};
template <> struct field_codec<int> {
  static constexpr value_type type = value_type::integer;
  static constexpr bool nullable = false;
  static value encode(int i) { return value(i); }
  static int decode(const value& v) { return v.is_null() ? 0 : static_cast<int>(v.as_int()); }
};
template <> struct field_codec<double> {
  static constexpr value_type type = value_type::real;
  static constexpr bool nullable = false;
  static value encode(double d) { return value(d); }
  static double decode(const value& v) { return v.is_null() ? 0.0 : v.as_real(); }
};
// A timestamp that is not_a_date_time stores as null.
template <> struct field_codec<timestamp> {
  static constexpr value_type type = value_type::time;
  static constexpr bool nullable = true;
  static value encode(const timestamp& t) { return t.is_special() ? value() : value(t); }
  static timestamp decode(const value& v) { return v.is_null() ? timestamp() : v.as_time(); }
};
// An invalid (zero) id stores as null: "no link".
template <class Tag> struct field_codec<itsm::id<Tag>> {
  static constexpr value_type type = value_type::text;
  static constexpr bool nullable = true;
  static value encode(const itsm::id<Tag>& i) { return i.valid() ? value(i.key()) : value(); }
  static itsm::id<Tag> decode(const value& v) {
    return v.is_null() ? itsm::id<Tag>() : itsm::id<Tag>::parse(v.as_text());
  }
};
template <class E> struct field_codec<E, std::enable_if_t<std::is_enum_v<E>>> {
  static constexpr value_type type = value_type::text;
  static constexpr bool nullable = false;
  static value encode(E e) { return value(enum_to_string(e)); }
  static E decode(const value& v) { return enum_from_string<E>(v.as_text()); }
};
template <class T> struct field_codec<std::optional<T>> {
  static constexpr value_type type = field_codec<T>::type;
  static constexpr bool nullable = true;
  static value encode(const std::optional<T>& o) { return o ? field_codec<T>::encode(*o) : value(); }
  static std::optional<T> decode(const value& v) {
    if (v.is_null()) return std::nullopt;
    return field_codec<T>::decode(v);
  }
};
template <> struct field_codec<std::vector<std::string>> {
  static constexpr value_type type = value_type::text;
  static constexpr bool document = true;
  static constexpr bool nullable = false;
  static value encode(const std::vector<std::string>& l) { return value(detail::encode_list(l)); }
  static std::vector<std::string> decode(const value& v) {
    return v.is_null() ? std::vector<std::string>{} : detail::decode_list(v.as_text());
  }
};
template <class Tag> struct field_codec<std::vector<itsm::id<Tag>>> {
  static constexpr value_type type = value_type::text;
  static constexpr bool document = true;
  static constexpr bool nullable = false;
  static value encode(const std::vector<itsm::id<Tag>>& l) {
    std::vector<std::string> keys;
    for (const auto& i : l) keys.push_back(i.key());
    return value(detail::encode_list(keys));
  }
  static std::vector<itsm::id<Tag>> decode(const value& v) {
    std::vector<itsm::id<Tag>> out;
    if (v.is_null()) return out;
    for (const auto& k : detail::decode_list(v.as_text())) out.push_back(itsm::id<Tag>::parse(k));
    return out;
  }
};
template <> struct field_codec<attribute_map> {
  static constexpr value_type type = value_type::text;
  static constexpr bool document = true;
  static constexpr bool nullable = false;
  static value encode(const attribute_map& m) { return value(detail::encode_attributes(m)); }
  static attribute_map decode(const value& v) {
    return v.is_null() ? attribute_map{} : detail::decode_attributes(v.as_text());
  }
};

namespace detail {
// Whether a codec stores its member as a JSON document (a list or a map) inside a text value.
template <class C, class = void> struct is_document : std::false_type {};
template <class C> struct is_document<C, std::void_t<decltype(C::document)>> : std::bool_constant<C::document> {};
}  // namespace detail

}  // namespace itsm::model
