// Change control of the service catalogue and SLAs (R-6.1-change), shared by the catalogue's
// writes and the SLA versions. Not installed. Thread-safety: stateless.
#pragma once

#include <string>
#include <vector>

#include "itsm/model/ids.hpp"
#include "itsm/model/service.hpp"
#include "itsm/storage/backend.hpp"
#include "detail/context.hpp"

namespace itsm::detail {

// A live service changes (and its SLAs change or are added) only under an RFC in implementation
// whose scope names it (`reference`, the write's write_options.reference): when the change
// policy puts the catalogue under change control, or `always` (an agreed SLA's next version).
// Appends the R-6.1-change violation to `v`; nothing for a service that is not live.
void catalogue_change_control(const context& ctx, storage::transaction& tx, service_id s, const std::string& reference,
                              std::vector<violation>& v, bool always = false);

// An SLA's rules beyond model::sla::check() that need the store: its calendar loads (R-6.1-sla),
// its customer exists and is the one its service is dedicated to, if any (R-7.1-parties).
std::vector<violation> sla_context_rules(const context& ctx, storage::transaction& tx, const model::sla& s);

}  // namespace itsm::detail
