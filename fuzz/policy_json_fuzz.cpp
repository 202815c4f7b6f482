// Policy JSON (*_from_json in process/policies.hpp): products' configuration screens and the
// stored policies, and the apportionment policy (model/finance.hpp). The same input goes to every
// reader; each refuses the others' shapes.
#include "fuzz_support.hpp"
#include "itsm/model/finance.hpp"
#include "itsm/process/policies.hpp"

using namespace itsm;

namespace {
// A policy that reads saves, reads back and saves to the same text, and its rule check
// answers (violations are fine) instead of throwing.
template <class Read>
void one(std::string_view text, Read read) {
  decltype(read(text)) p;
  if (!fuzz::accepts([&] { p = read(text); })) return;
  const auto saved = to_json(p);
  fuzz::check(to_json(read(saved)) == saved, "policy JSON round trip", saved);
  (void)check_policy(p);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  one(text, ticket_policy_from_json);
  one(text, change_policy_from_json);
  one(text, release_policy_from_json);
  one(text, relationship_kinds_from_json);
  model::apportionment_policy a;
  if (fuzz::accepts([&] { a = model::apportionment_policy_from_json(text); })) {
    const auto saved = model::to_json(a);
    fuzz::check(model::to_json(model::apportionment_policy_from_json(saved)) == saved, "apportionment JSON round trip",
                saved);
    (void)a.check();
  }
  return 0;
}
