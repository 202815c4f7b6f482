// The CMDB and change board that the RFC and release models share: host db01 <- app shop ->
// service webshop (owned by owen), an RFC by rita on shop, and a second RFC already scheduled
// in the "clash" window on the same scope.
#pragma once

#include <string>
#include <vector>

#include "worlds.hpp"

namespace itsm::test::mc {

inline sms_options change_seed() {
  sms_options o;
  o.changes.standard_models = {{"patch-app", "monthly application patch", {"application"}, "reinstall"}};
  return o;
}

inline const actor& requester() {  // a CAB member who raises the RFC (and so may not approve it)
  static const actor a{"rita", {std::string(roles::cab_member)}};
  return a;
}

inline std::vector<actor> change_actors() {
  auto a = role_actors();
  a.push_back(requester());
  return a;
}

inline actor by_name(const std::string& name) {
  for (const auto& a : change_actors())
    if (a.name == name) return a;
  return {};
}

inline period window_on(int day) {
  const auto start = parse_iso("2026-03-01T22:00:00Z") + hours(24 * (day - 1));
  return {start, start + hours(2)};
}

class change_base : public base_world {
 public:
  explicit change_base(model::rfc_class cls) : base_world(change_seed()) {
    auto& conf = system_.configuration();
    conf.define_type(admin_actor(), {"server", 0, "", "A host", {}, {"connects_to"}});
    conf.define_type(admin_actor(), {"application", 0, "", "Deployed software", {}, {"runs_on"}});
    webshop_ = add_service("webshop");
    auto db01 = ci("server", "db01", {});
    shop_ = ci("application", "shop", {webshop_.id});
    conf.relate(admin_actor(), shop_, "runs_on", db01);
    // The RFC already in the clash window.
    auto other = system_.changes().submit(admin_actor(), draft(model::rfc_class::normal));
    approve(other.id);
    system_.changes().schedule(by_name("chris"), other.id, window_on(10));
    id_ = system_.changes().submit(requester(), draft(cls)).id;
  }

 protected:
  explicit change_base(change_base& from)
      : base_world(from), webshop_(from.webshop_), shop_(from.shop_), id_(from.id_) {}
  ci_id ci(const std::string& type, const std::string& name, std::vector<service_id> services) {
    model::configuration_item c;
    c.type = type;
    c.name = name;
    c.status = model::ci_status::live;
    c.services = std::move(services);
    return system_.configuration().create(admin_actor(), c).id;
  }
  model::rfc draft(model::rfc_class cls) {
    model::rfc r;
    r.title = "upgrade shop";
    r.reason = "security patch";
    r.classification = cls;
    r.scope_cis = {shop_};
    r.backout_plan = "restore snapshot";
    if (cls == model::rfc_class::emergency) r.emergency_justification = "live outage";
    if (cls == model::rfc_class::standard) r.standard_model = "patch-app";
    return r;
  }
  // Assessed and approved by the change manager, a CAB member and the webshop's owner.
  void approve(rfc_id id) {
    auto& ch = system_.changes();
    ch.assess(by_name("chris"), id, {"medium", "none", "none", "", ""});
    for (const char* who : {"chris", "cathy", "owen"}) ch.decide(by_name(who), id, vote::approve);
  }

  model::service webshop_;
  ci_id shop_;
  rfc_id id_;  // the RFC under test
};

}  // namespace itsm::test::mc
