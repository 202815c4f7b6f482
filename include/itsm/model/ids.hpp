// The strong id of every model kind, with its readable prefix (CI-7, INC-42, RFC-3 …).
// Adding a kind adds one tag here. Thread-safety: plain values.
#pragma once

#include <string_view>

#include "itsm/core/id.hpp"

namespace itsm {

#define ITSM_DEFINE_ID(name, text)                              \
  struct name##_tag {                                           \
    static constexpr std::string_view prefix = text;            \
  };                                                            \
  using name##_id = id<name##_tag>

ITSM_DEFINE_ID(ci, "CI");
ITSM_DEFINE_ID(relationship, "REL");
ITSM_DEFINE_ID(link, "LNK");
ITSM_DEFINE_ID(service, "SVC");
ITSM_DEFINE_ID(sla, "SLA");
ITSM_DEFINE_ID(incident, "INC");
ITSM_DEFINE_ID(service_request, "REQ");
ITSM_DEFINE_ID(problem, "PRB");
ITSM_DEFINE_ID(known_error, "KE");
ITSM_DEFINE_ID(rfc, "RFC");
ITSM_DEFINE_ID(release, "RLS");
ITSM_DEFINE_ID(baseline, "BL");
ITSM_DEFINE_ID(customer, "CUS");
ITSM_DEFINE_ID(comment, "CMT");
ITSM_DEFINE_ID(attachment, "ATT");

#undef ITSM_DEFINE_ID

}  // namespace itsm
