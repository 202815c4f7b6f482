// How itsm's value types cross into Python: ids as their keys ("INC-7", None for no id), stored
// enums as their names ("recorded"), instants as aware UTC datetimes (a naive datetime is
// refused), durations as timedeltas and field values as None/bool/int/float/str/datetime.
// Included by every binding file before anything is bound.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <type_traits>

#include "itsm/core/error.hpp"
#include "itsm/core/id.hpp"
#include "itsm/core/time.hpp"
#include "itsm/core/value.hpp"
#include "itsm/model/codec.hpp"

namespace itsm::python {

namespace py = pybind11;

// datetime (aware; any zone, converted to UTC) -> timestamp. Errors: invalid_argument for a
// naive datetime or anything that is not a datetime.
timestamp to_timestamp(py::handle obj);
// timestamp -> aware datetime in UTC; None for not-a-date-time.
py::object from_timestamp(const timestamp& t);
// timedelta <-> duration (microsecond precision).
duration to_duration(py::handle obj);
py::object from_duration(const duration& d);
// Python scalar -> itsm::value; invalid_argument for other types.
value to_value(py::handle obj);
py::object from_value(const value& v);

// Throws itsm::error(invalid_argument): "expected <what>, got <type of obj>".
[[noreturn]] void refuse(py::handle obj, const std::string& what);

template <class E, class = void>
struct has_enum_names : std::false_type {};
template <class E>
struct has_enum_names<E, std::void_t<decltype(model::enum_names<E>::values)>> : std::true_type {};

}  // namespace itsm::python

namespace pybind11::detail {

template <class Tag>
struct type_caster<itsm::id<Tag>> {
  PYBIND11_TYPE_CASTER(itsm::id<Tag>, const_name("str"));
  // None and "" are "no id"; anything else must be the canonical key (else InvalidArgument).
  bool load(handle src, bool) {
    if (src.is_none()) return value = {}, true;
    if (!isinstance<str>(src)) itsm::python::refuse(src, "an id key such as '" + std::string(Tag::prefix) + "-7'");
    const auto key = src.cast<std::string>();
    value = key.empty() ? itsm::id<Tag>() : itsm::id<Tag>::parse(key);
    return true;
  }
  static handle cast(const itsm::id<Tag>& i, return_value_policy, handle) {
    if (!i.valid()) return none().release();
    return str(i.key()).release();
  }
};

template <class E>
struct type_caster<E, std::enable_if_t<std::is_enum_v<E> && itsm::python::has_enum_names<E>::value>> {
  PYBIND11_TYPE_CASTER(E, const_name("str"));
  bool load(handle src, bool) {
    if (!isinstance<str>(src)) itsm::python::refuse(src, "a name (str)");
    value = itsm::model::enum_from_string<E>(src.cast<std::string>());
    return true;
  }
  static handle cast(E e, return_value_policy, handle) {
    return str(std::string(itsm::model::enum_to_string(e))).release();
  }
};

template <>
struct type_caster<itsm::timestamp> {
  PYBIND11_TYPE_CASTER(itsm::timestamp, const_name("datetime.datetime"));
  bool load(handle src, bool) {
    if (src.is_none()) return value = itsm::timestamp(), true;
    value = itsm::python::to_timestamp(src);
    return true;
  }
  static handle cast(const itsm::timestamp& t, return_value_policy, handle) {
    return itsm::python::from_timestamp(t).release();
  }
};

template <>
struct type_caster<itsm::duration> {
  PYBIND11_TYPE_CASTER(itsm::duration, const_name("datetime.timedelta"));
  bool load(handle src, bool) {
    value = itsm::python::to_duration(src);
    return true;
  }
  static handle cast(const itsm::duration& d, return_value_policy, handle) {
    return itsm::python::from_duration(d).release();
  }
};

template <>
struct type_caster<itsm::value> {
  PYBIND11_TYPE_CASTER(itsm::value, const_name("None | bool | int | float | str | datetime.datetime"));
  bool load(handle src, bool) {
    value = itsm::python::to_value(src);
    return true;
  }
  static handle cast(const itsm::value& v, return_value_policy, handle) {
    return itsm::python::from_value(v).release();
  }
};

}  // namespace pybind11::detail
