// Who acts: a named person or system with roles. Roles are plain strings so an embedding product
// can bring its own; the built-in policies use the names in itsm::roles.
// Thread-safety: plain value type.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "itsm/core/export.hpp"

namespace itsm {

namespace roles {
inline constexpr std::string_view admin = "admin";
inline constexpr std::string_view configuration_manager = "configuration_manager";
inline constexpr std::string_view change_manager = "change_manager";
inline constexpr std::string_view cab_member = "cab_member";
inline constexpr std::string_view service_desk = "service_desk";
inline constexpr std::string_view incident_manager = "incident_manager";
inline constexpr std::string_view problem_manager = "problem_manager";
inline constexpr std::string_view release_manager = "release_manager";
inline constexpr std::string_view service_level_manager = "service_level_manager";
inline constexpr std::string_view auditor = "auditor";
inline constexpr std::string_view viewer = "viewer";
// A customer's own user (with actor::customer set): reads and records its customer's tickets.
inline constexpr std::string_view customer = "customer";
}  // namespace roles

struct ITSM_API actor {
  std::string name;                // unique within the embedding product; audited as is
  std::vector<std::string> roles;
  // "" for the provider's own staff; otherwise the key of the customer ("CUS-3") this user
  // belongs to: the default policy then shows and lets it touch that customer's records only.
  std::string customer;

  actor() = default;
  actor(std::string name_, std::vector<std::string> roles_ = {}, std::string customer_ = {})
      : name(std::move(name_)), roles(std::move(roles_)), customer(std::move(customer_)) {}

  bool has_role(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
};

}  // namespace itsm
