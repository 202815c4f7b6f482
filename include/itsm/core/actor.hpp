// Who acts: a named person or system with roles. Roles are plain strings so an embedding product
// can bring its own; the built-in policies use the names in itsm::roles.
// Thread-safety: plain value type.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

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
}  // namespace roles

struct actor {
  std::string name;                // unique within the embedding product; audited as is
  std::vector<std::string> roles;

  bool has_role(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
};

}  // namespace itsm
