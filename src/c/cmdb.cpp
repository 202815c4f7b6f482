// The CMDB beyond plain records: retiring and relating CIs, and the impact of a change.
#include <vector>

#include "handles.hpp"
#include "itsm/process/export.hpp"

using namespace itsm;
using namespace itsm::c;
using json = nlohmann::json;

namespace {

// The ids of the keys listed under `key` of `scope`.
template <class Id>
std::vector<Id> ids(const json& scope, const char* key) {
  std::vector<Id> out;
  for (const auto& k : member<std::vector<std::string>>(scope, key)) out.push_back(Id::parse(k));
  return out;
}

template <class Id>
json keys(const std::vector<Id>& ids) {
  json out = json::array();
  for (const auto& i : ids) out.push_back(i.key());
  return out;
}

}  // namespace

extern "C" {

itsm_status itsm_ci_retire(itsm_sms* sms, const itsm_actor* who, const char* ci, size_t ci_size,
                           const itsm_write_options* options, itsm_buffer* out) {
  return with_session("itsm_ci_retire", sms, who, out, [&](itsm::sms& s, const actor& a) {
    const auto id = ci_id::parse(text(ci, ci_size, "ci"));
    return emit(out, export_json(s.configuration().retire(a, id, c::options(options))));
  });
}

itsm_status itsm_ci_relate(itsm_sms* sms, const itsm_actor* who, const char* source, size_t source_size,
                           const char* kind, size_t kind_size, const char* target, size_t target_size,
                           const itsm_write_options* options, itsm_buffer* out) {
  return with_session("itsm_ci_relate", sms, who, out, [&](itsm::sms& s, const actor& a) {
    const auto from = ci_id::parse(text(source, source_size, "source"));
    const auto to = ci_id::parse(text(target, target_size, "target"));
    const auto k = text(kind, kind_size, "kind");
    return emit(out, export_json(s.configuration().relate(a, from, k, to, c::options(options))));
  });
}

itsm_status itsm_impact(itsm_sms* sms, const itsm_actor* who, const char* scope, size_t scope_size, itsm_buffer* out) {
  return with_session("itsm_impact", sms, who, out, [&](itsm::sms& s, const actor& a) {
    const auto j = parse(scope, scope_size, "scope");
    if (!j.is_object()) throw_error(errc::invalid_argument, "the scope must be a JSON object {\"cis\", \"services\"}");
    only_keys(j, {"cis", "services"}, "the scope");
    const auto impact = s.changes().impact_of(a, ids<ci_id>(j, "cis"), ids<service_id>(j, "services"));
    return emit(out, json{{"cis", keys(impact.cis)}, {"services", keys(impact.services)}}.dump());
  });
}

}  // extern "C"
