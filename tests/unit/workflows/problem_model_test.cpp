// Problems (R-8.2-procedure, R-8.2-known-error, R-8.2-rfc) checked over every sequence of moves.
#include <catch2/catch.hpp>


#include "worlds.hpp"

using namespace itsm;
using namespace itsm::test::mc;

namespace {

// Problem PRB-1 on the mail service, incident INC-1 to link and RFC-1 (a draft, so a problem
// awaiting it cannot resolve).
class problem_world final : public base_world {
 public:
  problem_world() {
    auto svc = add_service("mail");
    model::incident i;
    i.title = "mail delivery delayed";
    i.service = svc.id;
    incident_ = system_.incidents().record(admin_actor(), i).id;
    model::rfc c;
    c.title = "bigger disk";
    c.reason = "queue disk fills";
    c.scope_services = {svc.id};
    c.backout_plan = "old disk";
    rfc_ = system_.changes().submit(admin_actor(), c).id;
    model::problem p;
    p.title = "mail queue stalls";
    p.service = svc.id;
    id_ = system_.problems().record(admin_actor(), p).id;
  }

  problem_world(problem_world& from, int) : base_world(from), id_(from.id_), incident_(from.incident_), rfc_(from.rfc_) {}
  std::unique_ptr<world> fork() override { return std::make_unique<problem_world>(*this, 0); }

  void run(std::size_t op, const actor& who) override {
    auto& prb = system_.problems();
    switch (op) {
      case 0: prb.investigate(who, id_); break;
      case 1: edit(who, "disk full"); break;
      case 2: edit(who, ""); break;  // clears the root cause
      case 3: prb.escalate(who, id_, "irene", "needs a manager"); break;
      case 4: prb.link_incident(who, id_, incident_); break;
      case 5: {
        model::known_error k;
        k.title = "queue disk full";
        k.symptom = "mail delayed";
        k.workaround = "purge the queue";
        prb.record_known_error(who, id_, k);
        break;
      }
      case 6: prb.raise_rfc(who, id_, rfc_); break;
      case 7: prb.resolve(who, id_, "replaced the disk"); break;
      case 8: prb.close(who, id_); break;
      default: throw std::logic_error("no such op");
    }
  }

  std::vector<std::string> invariants() override {
    std::vector<std::string> out;
    const auto p = system_.problems().find(admin_actor(), id_).value();
    using s = model::problem_state;
    const bool done = p.state == s::resolved || p.state == s::closed;
    if (done && p.resolution.empty()) out.push_back("resolved/closed problem without a resolution");
    if (done && p.root_cause.empty()) out.push_back("resolved/closed problem without a root cause");
    if (p.state == s::known_error && !p.known_error.valid()) out.push_back("known_error state without a known error");
    if (p.known_error.valid()) {
      auto k = system_.problems().find_known_error(admin_actor(), p.known_error);
      if (!k) out.push_back("problem names a known error that does not exist");
      else if (done && !k->resolved) out.push_back("resolved problem with its known error still open");
    }
    if (p.state == s::awaiting_change && !p.rfc.valid()) out.push_back("awaiting a change without an RFC");
    // RFC-1 stays a draft: a problem waiting for it must not resolve (R-8.2-rfc).
    if (done && p.rfc.valid()) out.push_back("resolved while its RFC is only a draft (R-8.2-rfc)");
    return out;
  }

 private:
  void edit(const actor& who, const std::string& root_cause) {
    auto p = system_.problems().find(admin_actor(), id_).value();
    p.root_cause = root_cause;
    p.assignee = "pat";
    system_.problems().update(who, p);
  }
  problem_id id_;
  incident_id incident_;
  rfc_id rfc_;
};

}  // namespace

TEST_CASE("R-8.2-procedure: problems hold their invariants over every sequence of moves",
          "[workflows][model][problem]") {
  workflow wf{"problems",
              {"investigate", "update(root cause)", "update(no root cause)", "escalate", "link_incident",
               "record_known_error", "raise_rfc(draft RFC)", "resolve", "close"},
              role_actors(),
              [] { return std::make_unique<problem_world>(); }};
  check_workflow(wf, 3, 6);
}
