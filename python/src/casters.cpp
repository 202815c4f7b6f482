// The conversions behind casters.hpp. Instants go through Python's own datetime arithmetic, so
// every zone Python knows is converted exactly, and an out-of-range instant fails in itsm's
// words rather than Boost's.
#include "casters.hpp"

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <boost/date_time/posix_time/posix_time.hpp>

namespace itsm::python {

namespace {

py::module_ datetime_module() { return py::module_::import("datetime"); }

py::object utc() { return datetime_module().attr("timezone").attr("utc"); }

bool is_datetime(py::handle obj) { return py::isinstance(obj, datetime_module().attr("datetime")); }

}  // namespace

void refuse(py::handle obj, const std::string& what) {
  throw error(errc::invalid_argument,
              "expected " + what + ", got " + py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>());
}

timestamp to_timestamp(py::handle obj) {
  if (!is_datetime(obj)) refuse(obj, "a datetime.datetime");
  if (obj.attr("utcoffset")().is_none())
    throw error(errc::invalid_argument,
                "naive datetime " + py::str(obj).cast<std::string>() +
                    ": itsm needs an aware datetime (e.g. datetime(..., tzinfo=timezone.utc))");
  const py::object u = obj.attr("astimezone")(utc());
  const auto field = [&](const char* name) { return u.attr(name).cast<int>(); };
  const int year = field("year");
  if (year < 1400)
    throw error(errc::invalid_argument, "datetime " + py::str(obj).cast<std::string>() + " is before 1400-01-01");
  return timestamp(boost::gregorian::date(year, field("month"), field("day")),
                   boost::posix_time::hours(field("hour")) + boost::posix_time::minutes(field("minute")) +
                       boost::posix_time::seconds(field("second")) +
                       boost::posix_time::microseconds(field("microsecond")));
}

py::object from_timestamp(const timestamp& t) {
  if (t.is_special()) return py::none();
  const auto d = t.date();
  const auto tod = t.time_of_day();
  const auto micros = tod.total_microseconds() % 1'000'000;
  return datetime_module().attr("datetime")(static_cast<int>(d.year()), static_cast<int>(d.month()),
                                            static_cast<int>(d.day()), tod.hours(), tod.minutes(), tod.seconds(),
                                            micros, utc());
}

duration to_duration(py::handle obj) {
  if (!py::isinstance(obj, datetime_module().attr("timedelta"))) refuse(obj, "a datetime.timedelta");
  const auto days = obj.attr("days").cast<std::int64_t>();
  const auto secs = obj.attr("seconds").cast<std::int64_t>();
  const auto micros = obj.attr("microseconds").cast<std::int64_t>();
  return boost::posix_time::microseconds((days * 86'400 + secs) * 1'000'000 + micros);
}

py::object from_duration(const duration& d) {
  if (d.is_special()) return py::none();
  return datetime_module().attr("timedelta")(py::arg("microseconds") = d.total_microseconds());
}

value to_value(py::handle obj) {
  if (obj.is_none()) return value();
  if (py::isinstance<py::bool_>(obj)) return value(obj.cast<bool>());
  if (py::isinstance<py::int_>(obj)) {
    try {
      return value(obj.cast<std::int64_t>());
    } catch (const py::cast_error&) {
      throw error(errc::invalid_argument, "integer " + py::str(obj).cast<std::string>() + " does not fit 64 bits");
    }
  }
  if (py::isinstance<py::float_>(obj)) return value(obj.cast<double>());
  if (py::isinstance<py::str>(obj)) return value(obj.cast<std::string>());
  if (is_datetime(obj)) return value(to_timestamp(obj));
  refuse(obj, "a field value (None, bool, int, float, str or datetime)");
}

py::object from_value(const value& v) {
  switch (v.type()) {
    case value_type::null: return py::none();
    case value_type::boolean: return py::bool_(v.as_bool());
    case value_type::integer: return py::int_(v.as_int());
    case value_type::real: return py::float_(v.as_real());
    case value_type::text: return py::str(v.as_text());
    case value_type::time: return from_timestamp(v.as_time());
  }
  return py::none();
}

}  // namespace itsm::python
