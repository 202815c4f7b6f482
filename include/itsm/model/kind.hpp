// A kind_def describes one model object type: its storage name and version, its id member, and
// its fields and indexes (used for storage schemas, diffs and JSON export). Each model type has
// `static const kind_def<T>& def();`. Thread-safety: kind_defs are built once, then immutable.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/model/codec.hpp"

namespace itsm::model {

struct ITSM_API field_info {
  std::string name{};
  value_type type = value_type::text;
  bool nullable = true;   // Default: true
  bool document = false;  // Default: false. true: the text is a JSON document (lists, attributes)
};

struct ITSM_API index_info {
  std::string name{};
  std::vector<std::string> fields{};
};

template <class T>
class kind_def {
 public:
  // REQUIRES: T has `std::int64_t revision`; `key` is T's id member (itsm::id<…> or std::string).
  template <class K>
  kind_def(std::string name, int version, K T::*key) : name_(std::move(name)), version_(version) {
    if constexpr (detail::is_id<K>::value) id_prefix_ = K::tag::prefix;
    key_get_ = [key](const T& t) {
      if constexpr (detail::is_id<K>::value) return (t.*key).key();
      else return std::string(t.*key);
    };
    key_set_ = [key](T& t, const std::string& k) {
      if constexpr (detail::is_id<K>::value) t.*key = K::parse(k);
      else t.*key = k;
    };
  }

  template <class M>
  kind_def& field(std::string name, M T::*member) {
    using codec = field_codec<M>;
    fields_.push_back(field_info{std::move(name), codec::type, codec::nullable, detail::is_document<codec>::value});
    encoders_.push_back([member](const T& t) { return codec::encode(t.*member); });
    decoders_.push_back([member](T& t, const value& v) { t.*member = codec::decode(v); });
    return *this;
  }

  // A field appended by a schema upgrade whose codec is not nullable (a list, an attribute
  // map): stored nullable, because rows written before hold null, which decodes as empty.
  template <class M>
  kind_def& appended_field(std::string name, M T::*member) {
    field(std::move(name), member);
    fields_.back().nullable = true;
    return *this;
  }

  // A stored field computed from the object on every encode (a normalised search key, say) and
  // not decoded back: T has no member for it, so it cannot disagree with what it derives from.
  // Nullable text, so it can be appended by a schema upgrade (rows written before hold null).
  kind_def& derived(std::string name, std::function<std::string(const T&)> compute) {
    fields_.push_back(field_info{std::move(name), value_type::text, true});
    encoders_.push_back([compute = std::move(compute)](const T& t) { return value(compute(t)); });
    decoders_.push_back([](T&, const value&) {});
    return *this;
  }

  kind_def& index(std::string name, std::vector<std::string> fields) {
    indexes_.push_back(index_info{std::move(name), std::move(fields)});
    return *this;
  }

  // Declares text fields that full-text search looks in (storage::schema::text_fields).
  // `only_when`: (field, value) — only records whose field holds the value are searched
  // (storage::schema::text_only_when); empty: every record with some text.
  kind_def& text(std::vector<std::string> fields, std::pair<std::string, std::string> only_when = {}) {
    text_fields_ = std::move(fields);
    text_only_when_ = std::move(only_when);
    return *this;
  }

  const std::string& name() const noexcept { return name_; }
  int version() const noexcept { return version_; }
  const std::vector<field_info>& fields() const noexcept { return fields_; }
  const std::vector<index_info>& indexes() const noexcept { return indexes_; }
  const std::vector<std::string>& text_fields() const noexcept { return text_fields_; }
  const std::pair<std::string, std::string>& text_only_when() const noexcept { return text_only_when_; }

  // The prefix of generated keys ("CI"), or "" when the key is a caller-chosen name.
  std::string_view id_prefix() const noexcept { return id_prefix_; }
  std::string key(const T& t) const { return key_get_(t); }
  void set_key(T& t, const std::string& k) const { key_set_(t, k); }

  // One value per field, in field order. Every write passes here, so this is where input is
  // checked to be storable: texts (lists and attributes included) must be valid UTF-8 and
  // reals finite. Errors: invalid_argument naming the kind and field ("configuration_item.name:
  // … is not valid UTF-8"); nothing is encoded.
  std::vector<value> encode(const T& t) const {
    std::vector<value> out;
    out.reserve(encoders_.size());
    for (std::size_t i = 0; i < encoders_.size(); ++i) {
      try {
        out.push_back(encoders_[i](t));
        detail::require_storable(out.back());
      } catch (const error& e) {
        detail::rethrow_in_field(e, errc::invalid_argument, name_, fields_[i].name);
      }
    }
    return out;
  }

  // Decodes stored values. Errors: corrupt (wrong number of values, a key or value that does
  // not decode: an unknown enum name, a malformed id, list or attribute document).
  T decode(const std::string& key, std::int64_t revision, const std::vector<value>& values) const {
    if (values.size() != decoders_.size())
      throw_error(errc::corrupt, name_ + ": wrong number of stored values");
    T t{};
    try {
      key_set_(t, key);
    } catch (const error& e) {
      detail::rethrow_in_field(e, errc::corrupt, name_, "id");
    }
    t.revision = revision;
    for (std::size_t i = 0; i < decoders_.size(); ++i) {
      try {
        decoders_[i](t, values[i]);
      } catch (const error& e) {
        detail::rethrow_in_field(e, errc::corrupt, name_, fields_[i].name);
      }
    }
    return t;
  }

 private:
  std::string name_{};
  int version_{};
  std::string_view id_prefix_{};
  std::function<std::string(const T&)> key_get_;
  std::function<void(T&, const std::string&)> key_set_;
  std::vector<field_info> fields_{};
  std::vector<index_info> indexes_{};
  std::vector<std::string> text_fields_{};
  std::pair<std::string, std::string> text_only_when_{};
  std::vector<std::function<value(const T&)>> encoders_;
  std::vector<std::function<void(T&, const value&)>> decoders_;
};

// Field-by-field differences between two encodings of the same kind: (field, before, after).
struct ITSM_API field_change {
  std::string field{};
  value before{};
  value after{};
};
template <class T>
std::vector<field_change> diff(const kind_def<T>& k, const T* before, const T& after) {
  std::vector<field_change> out;
  const auto b = before ? k.encode(*before) : std::vector<value>(k.fields().size());
  const auto a = k.encode(after);
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i])) out.push_back({k.fields()[i].name, b[i], a[i]});
  return out;
}

}  // namespace itsm::model
