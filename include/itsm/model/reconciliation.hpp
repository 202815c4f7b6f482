// A pending reconciliation item: an update a discovery feed proposed for a change-controlled CI.
// Feeds never write such a CI silently and are never just refused: the proposal waits here for
// review and is applied under an RFC or rejected (R-9.1-access, R-9.2-record). Thread-safety: value.
#pragma once

#include <string>

#include "itsm/core/export.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct reconciliation_tag {
  static constexpr std::string_view prefix = "REC";
};
using reconciliation_id = id<reconciliation_tag>;
}  // namespace itsm

namespace itsm::model {

enum class reconciliation_state { pending, applied, rejected, superseded };
template <> struct enum_names<reconciliation_state> {
  static constexpr std::array values{std::string_view("pending"), std::string_view("applied"),
                                     std::string_view("rejected"), std::string_view("superseded")};
};

struct ITSM_API reconciliation_item {
  reconciliation_id id{};
  std::int64_t revision = 0;
  ci_id ci{};                       // the controlled CI the feed wants to change
  std::string source{};             // the feed (import_options::source), e.g. "discovery"
  std::int64_t base_revision = 0;   // the CI revision the proposal was made against
  std::string changes{};            // the proposed field changes (audit change-document JSON)
  reconciliation_state state = reconciliation_state::pending;
  std::string reference{};          // the RFC it was applied under, or the rejection's reason

  static const kind_def<reconciliation_item>& def();
};

}  // namespace itsm::model
