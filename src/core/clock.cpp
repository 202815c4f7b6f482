#include "itsm/core/clock.hpp"

#include <boost/date_time/posix_time/posix_time.hpp>

#include "itsm/core/error.hpp"

namespace itsm {

timestamp system_clock::now() const { return boost::posix_time::microsec_clock::universal_time(); }

manual_clock::manual_clock(timestamp start) : micros_(to_unix_micros(start)) {}

timestamp manual_clock::now() const { return from_unix_micros(micros_.load()); }

void manual_clock::set(timestamp t) {
  const auto target = to_unix_micros(t);
  auto cur = micros_.load();
  do {
    if (target < cur) throw_error(errc::invalid_argument, "manual_clock cannot go backwards");
  } while (!micros_.compare_exchange_weak(cur, target));
}

void manual_clock::advance(duration d) {
  if (d.is_negative()) throw_error(errc::invalid_argument, "manual_clock cannot go backwards");
  micros_ += d.total_microseconds();
}

}  // namespace itsm
