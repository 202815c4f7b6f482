// Shared set-up for process tests: an sms over a fresh in-memory store on a manual clock, with
// the default role policy, a recording event sink and a few actors.
#pragma once

#include <memory>
#include <utility>

#include <catch2/catch.hpp>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"
#include "support/errors.hpp"

namespace itsm::test {

// Runs f and returns the itsm::error it throws; fails the test when it throws none.
template <class F>
itsm::error catch_error(F&& f) {
  return error_of(std::forward<F>(f));
}

// A live CI draft of `type` named `name`.
inline model::configuration_item ci_draft(std::string type, std::string name, model::attribute_map attrs = {}) {
  model::configuration_item ci;
  ci.type = std::move(type);
  ci.name = std::move(name);
  ci.attributes = std::move(attrs);
  ci.status = model::ci_status::live;
  return ci;
}

struct process_fixture {
  std::shared_ptr<manual_clock> clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  std::shared_ptr<recording_sink> sink = std::make_shared<recording_sink>();
  std::shared_ptr<storage::backend> store = storage::make_memory_backend();
  sms system{store, sms_options{clk, nullptr, sink, {}}};

  actor cm{"carla", {std::string(roles::configuration_manager)}};
  actor desk{"dave", {std::string(roles::service_desk)}};
  actor admin{"root", {std::string(roles::admin)}};
  actor reader{"audrey", {std::string(roles::auditor)}};  // reads everything, writes nothing

  // Every record of every registered kind plus the audit length: equal snapshots = unchanged store.
  struct snapshot {
    std::vector<std::vector<storage::record>> records;
    std::int64_t audit_seq = 0;
    bool operator==(const snapshot&) const = default;
  };
  snapshot take(bool with_audit = true) {
    snapshot s;
    auto tx = store->begin(storage::tx_mode::read_only);
    for (auto kind : {"itsm_sequence", "ci_type", "configuration_item", "relationship", "link", "service",
                      "sla", "incident", "service_request", "problem", "known_error", "ticket_event",
                      "post_incident_review", "rfc", "release", "baseline", "approval", "investigation",
                      "acceptance_test", "policy", "customer", "reconciliation_item", "ticket_comment",
                      "ticket_attachment", "assignment_group", "availability_requirement", "outage", "continuity_plan", "plan_test"}) {
      storage::query q;
      q.kind = kind;
      s.records.push_back(tx->scan(q));
    }
    if (with_audit) {
      auto last = tx->last_audit();
      s.audit_seq = last ? last->seq : 0;
    }
    return s;
  }
  storage::audit_record last_audit() {
    auto tx = store->begin(storage::tx_mode::read_only);
    return tx->last_audit().value();
  }
};

}  // namespace itsm::test
