// Shared set-up for information security tests: the change world's CMDB (db01 <- shop ->
// webshop) with a security manager and an approver, a risk on db01 and the control that
// addresses it, and helpers for policies and external access.
#pragma once

#include "change_fixture.hpp"

namespace itsm::test {

struct security_world : change_world {
  security_management& sec = system.security();
  actor sid{"sid", {std::string(security_manager_role)}};   // writes the policy
  actor tess{"tess", {std::string(security_manager_role)}}; // approves it
  model::security_risk theft;
  model::security_control encryption;

  security_world() {
    theft = sec.add_risk(sid, risk("customer data stolen from db01", {db01.id}));
    encryption = sec.add_control(sid, control("db01 disk encryption", {theft.id}, {db01.id}));
  }

  static model::security_policy policy(std::string title = "Information security policy") {
    model::security_policy p;
    p.title = std::move(title);
    p.content = "Access on least privilege; encryption at rest for customer data; quarterly access reviews.";
    p.review_interval_days = 365;
    return p;
  }
  static model::security_risk risk(std::string title, std::vector<ci_id> cis) {
    model::security_risk r;
    r.title = std::move(title);
    r.owner = "sid";
    r.likelihood = 3;
    r.impact = 5;
    r.treatment = "reduce: encrypt at rest, restrict DBA access";
    r.cis = std::move(cis);
    r.assessment_interval_days = 180;
    return r;
  }
  static model::security_control control(std::string name, std::vector<security_risk_id> risks, std::vector<ci_id> cis) {
    model::security_control c;
    c.name = std::move(name);
    c.description = "LUKS on every data volume, keys in the HSM";
    c.owner = "sid";
    c.risks = std::move(risks);
    c.cis = std::move(cis);
    c.review_interval_days = 90;
    return c;
  }
  model::party supplier(std::string name) {
    model::party p;
    p.name = std::move(name);
    p.manager = "sid";
    return system.relationships().add_party(root, p);
  }
  model::external_access access(party_id who, std::vector<ci_id> cis, int days) {
    model::external_access a;
    a.party = who;
    a.purpose = "third-line database support";
    a.cis = std::move(cis);
    a.controls = {encryption.id};
    a.until = clk->now() + hours(24 * days);
    return a;
  }
};

}  // namespace itsm::test
