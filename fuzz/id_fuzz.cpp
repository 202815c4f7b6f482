// Strong ids ("INC-42"): keys arrive in URLs, imports and stored links.
#include "fuzz_support.hpp"
#include "itsm/model/ids.hpp"

using namespace itsm;

namespace {
// parse() accepts exactly the canonical key: parse(k).key() == k (core/id.hpp).
template <class Id>
void one(std::string_view text) {
  Id i;
  if (!fuzz::accepts([&] { i = Id::parse(text); })) return;
  fuzz::check(i.valid(), "parsed id is not valid", text);
  fuzz::check(i.key() == text, "parse(k).key() != k", text);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  one<ci_id>(text);
  one<relationship_id>(text);
  one<link_id>(text);
  one<service_id>(text);
  one<sla_id>(text);
  one<incident_id>(text);
  one<service_request_id>(text);
  one<problem_id>(text);
  one<known_error_id>(text);
  one<rfc_id>(text);
  one<release_id>(text);
  one<baseline_id>(text);
  one<customer_id>(text);
  return 0;
}
