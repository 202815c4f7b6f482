// The provider's fixed setting: its people, business calendars, policies, the service catalogue
// with SLAs and the CMDB. ensure_world() creates only what the store lacks, so a second run on
// the same file reuses the first run's catalogue and CMDB instead of duplicating identity keys.
// Thread-safety: single-threaded (the example runs on one thread).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "itsm/calendar/business_calendar.hpp"
#include "itsm/graph/graph.hpp"
#include "itsm/process/sms.hpp"

namespace spm {

// The people of the provider. Names are what the audit trail records.
struct people {
  itsm::actor dana{"dana", {"service_desk"}};
  itsm::actor sami{"sami", {"service_desk"}};
  itsm::actor irene{"irene", {"incident_manager"}};
  itsm::actor paula{"paula", {"problem_manager"}};
  itsm::actor carla{"carla", {"configuration_manager"}};
  itsm::actor sonja{"sonja", {"service_level_manager"}};
  itsm::actor chris{"chris", {"change_manager"}};
  itsm::actor cathy{"cathy", {"cab_member"}};
  itsm::actor rita{"rita", {"cab_member"}};
  itsm::actor ivan{"ivan", {"cab_member"}};  // implements changes
  itsm::actor rob{"rob", {"release_manager"}};
  itsm::actor ada{"ada", {"admin"}};  // keeps the stored policies
  itsm::actor audrey{"audrey", {"auditor"}};  // reads for the report and the checks
  std::vector<itsm::actor> owners{{"olivia", {"service_owner"}}, {"owen", {"service_owner"}},
                                  {"oscar", {"service_owner"}}, {"wanda", {"service_owner"}}};
  const itsm::actor* owner(const std::string& name) const;
};

// The services, in catalogue order.
enum svc : std::size_t { shop = 0, email = 1, payroll = 2, workplace = 3 };

// What a service is agreed to be (the static definition the catalogue is created from).
struct service_setup {
  std::string name;
  std::string description;
  std::string owner;
  std::string customer;
  bool critical = false;
  std::string hours_label;  // "24x7", "Mon-Fri 08-17 Berlin"
  itsm::calendar::calendar_definition hours;
  double availability_target = 99.0;
  std::vector<itsm::model::sla_target> targets;
  std::vector<itsm::weekly_slot> maintenance;  // UTC
};

struct service_entry {
  service_setup setup;
  itsm::model::service record;
  itsm::model::sla sla;
  itsm::calendar::business_calendar hours;  // compiled from the stored SLA's calendar JSON
};

// How big the month is.
struct sizes {
  int laptops = 200;
  int printers = 20;
  int spare_vms = 40;
  int incidents = 260;  // background incidents (the scripted story adds its own)
  int requests = 200;
  bool small = false;
};
sizes default_sizes();
sizes small_sizes();

struct world {
  people who;
  std::vector<service_entry> services;                         // indexed by svc
  std::map<std::string, itsm::model::configuration_item> cis;  // by name (unique across types here)
  std::vector<std::string> laptops, printers;
  std::size_t types = 0, relationships = 0, clusters = 0;

  const itsm::model::configuration_item& ci(const std::string& name) const;
  const service_entry& service(std::size_t s) const { return services.at(s); }
  // The catalogue entry with this id (services.size() when not ours).
  std::size_t index_of(itsm::service_id id) const;
};

std::vector<service_setup> catalogue_definition();
// The German public holidays (plus Berlin's 8 March) as recurring rules.
std::vector<itsm::calendar::holiday_rule> berlin_holidays();
// Relationship kinds: the library's defaults (member_of: a k-of-n redundancy group), with
// connects_to and uses informational.
std::vector<itsm::model::relationship_kind> relationship_kinds();
itsm::ticket_policy make_ticket_policy();
itsm::change_policy make_change_policy(const world& w, itsm::timestamp month_start, itsm::timestamp month_end);

// Creates the catalogue, the SLAs, the CI types, the CIs and the relationships the store lacks,
// and fills `w` from the store.
void ensure_world(itsm::sms& system, world& w, const sizes& size);
// The name of the monthly report's stored definition.
inline constexpr const char* monthly_report = "monthly service report";

// The CMDB as an impact graph: every CI, clusters as k-of-n redundancy groups (member_of), and
// each service as a node (key -<service number>) that depends on its application CIs.
itsm::graph::graph build_graph(itsm::sms& system, const world& w);
inline itsm::graph::node_key service_node(itsm::service_id id) { return -id.number(); }

}  // namespace spm
