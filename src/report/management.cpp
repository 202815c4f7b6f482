#include "itsm/report/management.hpp"

#include <fmt/format.h>

namespace itsm::report {

std::vector<audit_finding> findings_of(const conformance_statement& st) {
  std::vector<audit_finding> out;
  for (const auto& r : st.results)
    if (r.outcome == verdict::nonconformity) out.push_back({r.requirement, r.summary, r.records});
  return out;
}

std::string review_input(const conformance_statement& st) {
  int conforms = 0, nonconformities = 0, no_evidence = 0, not_applicable = 0;
  std::string failing;
  for (const auto& r : st.results) {
    switch (r.outcome) {
      case verdict::conforms: ++conforms; break;
      case verdict::nonconformity:
        ++nonconformities;
        failing += (failing.empty() ? "" : ", ") + r.requirement;
        break;
      case verdict::no_evidence: ++no_evidence; break;
      case verdict::not_applicable: ++not_applicable; break;
    }
  }
  return fmt::format("conformance: {} requirements conform, {} nonconformities{}, {} without evidence, {} not "
                     "applicable, {} not checked ({} to {})",
                     conforms, nonconformities, failing.empty() ? "" : " (" + failing + ")", no_evidence,
                     not_applicable, st.unchecked.size(), to_iso(st.covered.start), to_iso(st.covered.end));
}

}  // namespace itsm::report
