// Audit checkpoints ("itsm-audit-checkpoint seq=… head=…"): kept outside the store, printed,
// mailed or archived, so they come back as untrusted text.
#include "fuzz_support.hpp"
#include "itsm/audit/trail.hpp"

using namespace itsm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = fuzz::as_text(data, size);
  audit::checkpoint cp;
  if (!fuzz::accepts([&] { cp = audit::parse_checkpoint(text); })) return 0;
  // Only the canonical form parses (line breaks at the end aside): it formats back byte for byte.
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  fuzz::check(audit::format_checkpoint(cp) == text, "format(parse(x)) != x", text);
  fuzz::check(cp.seq >= 0, "negative seq", text);
  // A parsed checkpoint is well-formed: verify() judges the (empty) trail against it and
  // never refuses the checkpoint itself.
  const auto r = audit::verify(std::vector<storage::audit_record>{}, cp);
  fuzz::check(r.ok == (cp.seq == 0), "empty trail vs checkpoint", text);
  return 0;
}
