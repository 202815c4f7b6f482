// Business calendar JSON (calendar_from_json): part of products' configuration and of the
// stored ticket policy.
#include "fuzz_support.hpp"
#include "itsm/calendar/definition.hpp"

using namespace itsm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  calendar::calendar_definition def;
  if (!fuzz::accepts([&] { def = calendar::calendar_from_json(fuzz::as_text(data, size)); })) return 0;
  // A loaded calendar is valid, saves, and loads back equal.
  def.validate();
  const auto saved = calendar::calendar_to_json(def);
  fuzz::check(calendar::calendar_from_json(saved) == def, "calendar JSON round trip", saved);
  // Its holiday rules yield dates in a few years without a foreign exception (years at the
  // edges of the Gregorian range included).
  for (int year : {1583, 2024, 9999})
    fuzz::accepts([&] {
      for (const auto& d : calendar::holidays_in(def, year)) fuzz::check(!d.is_special(), "holiday is not a date");
    });
  return 0;
}
