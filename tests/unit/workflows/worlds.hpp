// What the workflow models share: an sms over a fresh memory store on a manual clock with the
// default role policy, and one actor per role (plus the people separation of duties is about).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "itsm/core/clock.hpp"
#include "itsm/model/service.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"
#include "model_check.hpp"

namespace itsm::test::mc {

// Every role the default policy names (itsm::roles, emergency_cab, service_owner), one actor
// each; the customer user belongs to a customer that owns none of the tickets.
inline std::vector<actor> role_actors() {
  return {
      {"root", {std::string(roles::admin)}},
      {"carla", {std::string(roles::configuration_manager)}},
      {"chris", {std::string(roles::change_manager)}},
      {"cathy", {std::string(roles::cab_member)}},
      {"dave", {std::string(roles::service_desk)}},
      {"irene", {std::string(roles::incident_manager)}},
      {"pat", {std::string(roles::problem_manager)}},
      {"rob", {std::string(roles::release_manager)}},
      {"sam", {std::string(roles::service_level_manager)}},
      {"audrey", {std::string(roles::auditor)}},
      {"vic", {std::string(roles::viewer)}},
      {"cus", {std::string(roles::customer)}, "CUS-1"},
      {"ed", {std::string(emergency_cab_role)}},
      {"owen", {std::string(service_owner_role)}},
  };
}

inline const actor& admin_actor() {
  static const actor a{"root", {std::string(roles::admin)}};
  return a;
}

class base_world : public world {
 public:
  explicit base_world(sms_options o = {}) : options_(std::move(o)), system_(store_, with_clock(options_, clk_)) {}
  storage::backend& store() override { return *store_; }
  manual_clock& clock() override { return *clk_; }

 protected:
  // The fork of `from` (see world::fork): its store cloned, its clock's time.
  explicit base_world(base_world& from)
      : clk_(std::make_shared<manual_clock>(from.clk_->now())),
        store_(clone_store(*from.store_)),
        options_(from.options_),
        system_(store_, with_clock(options_, clk_)) {}
  static sms_options with_clock(sms_options o, std::shared_ptr<manual_clock> c) {
    o.time_source = std::move(c);
    return o;
  }
  // A live service owned by owen with an SLA (response / resolution minutes per priority).
  // `calendar`: the SLA's calendar JSON, "" = 24x7.
  model::service add_service(const std::string& name, bool critical = false, const std::string& calendar = "") {
    model::service s;
    s.critical = critical;
    s.name = name;
    s.description = "the " + name + " service";
    s.owner = "owen";
    s.status = model::service_status::live;
    s = system_.service_level().add_service(admin_actor(), s);
    model::sla a;
    a.name = name + " 24x7";
    a.service = s.id;
    a.targets = {{1, 15, 120}, {2, 30, 240}, {3, 60, 960}, {4, 240, 2400}, {5, 480, 4800}};
    a.pause_states = {"customer"};
    a.calendar = calendar;
    system_.service_level().define_sla(admin_actor(), a);
    return s;
  }

  std::shared_ptr<manual_clock> clk_ = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  std::shared_ptr<storage::backend> store_ = storage::make_memory_backend();
  sms_options options_;
  sms system_;
};

}  // namespace itsm::test::mc
