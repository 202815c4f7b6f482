// ISO 8601 instants (parse_iso) and times of day (parse_time_of_day): what users, imports and
// calendars hand in as text.
#include "fuzz_support.hpp"
#include "itsm/calendar/definition.hpp"
#include "itsm/core/time.hpp"

using namespace itsm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  timestamp t;
  if (fuzz::accepts([&] { t = parse_iso(text); })) {
    // Whatever parses is a supported instant: it formats, reads back the same, and survives
    // the storage encoding (microseconds since the epoch).
    const auto iso = to_iso(t);
    fuzz::check(parse_iso(iso) == t, "parse_iso(to_iso(t)) != t", iso);
    fuzz::check(from_unix_micros(to_unix_micros(t)) == t, "unix micros round trip", iso);
  }
  duration d;
  if (fuzz::accepts([&] { d = calendar::parse_time_of_day(text); })) {
    fuzz::check(d >= hours(0) && d <= hours(24), "time of day outside 00:00..24:00", text);
    const auto back = calendar::format_time_of_day(d);
    fuzz::check(calendar::parse_time_of_day(back) == d, "time of day round trip", back);
  }
  return 0;
}
