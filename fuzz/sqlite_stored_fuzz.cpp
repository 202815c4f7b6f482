// What the SQLite adapter reads back from a file: stored times (parse_time: the fixed-width
// fast path, else parse_iso) and stored schemas (schema_from_json). A file may be damaged or
// written by something else, so both must fail with itsm::error(corrupt) only.
#include "fuzz_support.hpp"
#include "itsm/core/time.hpp"
#include "storage/sqlite/detail.hpp"

using namespace itsm;
namespace sq = itsm::detail::sqlite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  timestamp t;
  if (fuzz::accepts([&] { t = sq::parse_time(text); })) {
    // The fast path must agree with parse_iso: both read the same instant, and it is one
    // parse_iso accepts too (the adapter never accepts a time the core would refuse).
    const auto stored = sq::format_time(t);
    fuzz::check(sq::parse_time(stored) == t, "format_time/parse_time round trip", stored);
    fuzz::check(parse_iso(text) == t, "parse_time and parse_iso disagree", text);
  }
  storage::schema s;
  if (fuzz::accepts([&] { s = sq::schema_from_json(text); })) {
    s.validate();
    fuzz::check(sq::schema_from_json(sq::schema_to_json(s)) == s, "schema JSON round trip");
  }
  return 0;
}
