// The strict CSV reader behind configuration().import_csv: files arrive from other tools.
#include "fuzz_support.hpp"
#include "itsm/core/text.hpp"
#include "process/csv.hpp"

using namespace itsm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  detail::csv_limits limits;
  limits.max_field_bytes = 64;  // small, so inputs reach the limit
  limits.max_columns = 16;
  const auto t = detail::read_csv(text, limits);  // reports problems, never throws
  fuzz::check(!t.header.empty() || t.rows.empty(), "rows without a header", text);
  std::size_t last = 1;
  for (const auto& r : t.rows) {
    fuzz::check(r.fields.size() == t.header.size(), "a row's column count differs from the header's", text);
    fuzz::check(r.line > last, "row lines do not increase", text);
    last = r.line;
    for (const auto& f : r.fields) {
      fuzz::check(f.size() <= limits.max_field_bytes, "a field over the limit was kept", text);
      fuzz::check(is_valid_utf8(f), "a field that is not UTF-8 was kept", text);
    }
  }
  for (const auto& p : t.problems) fuzz::check(p.line >= 1 && !p.message.empty(), "a problem without line or reason", text);
  return 0;
}
