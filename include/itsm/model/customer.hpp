// A customer: the organisation a service is provided to (R-7.1-parties). Customers scope what
// their own users may see and touch (docs/authorization.md): tickets, CIs, SLAs and dedicated
// services carry the customer they belong to. Thread-safety: value type.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm::model {

struct ITSM_API customer {
  customer_id id{};
  std::int64_t revision = 0;
  std::string name{};         // unique among customers
  std::string description{};
  std::string contact{};      // who speaks for the customer (the relationship contact)

  static const kind_def<customer>& def();
  std::vector<violation> check() const;
};

}  // namespace itsm::model
