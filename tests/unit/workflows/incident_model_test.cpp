// Incidents (R-8.1-procedure, R-8.1-major, R-6.1-monitor) checked over every sequence of moves.
#include <catch2/catch.hpp>

#include "worlds.hpp"

using namespace itsm;
using namespace itsm::test::mc;

namespace {

// Mon-Fri 08:00-17:00 UTC: the model's clock (from Monday 08:00, up to two days per expansion)
// crosses closings and openings.
const char* const office_hours =
    R"({"tz":"UTC","week":{"1":[["08:00","17:00"]],"2":[["08:00","17:00"]],"3":[["08:00","17:00"]],)"
    R"("4":[["08:00","17:00"]],"5":[["08:00","17:00"]]}})";

// One incident INC-1 on a critical service, its SLA 24x7 or on office hours, recorded by dave at P3.
class incident_world final : public base_world {
 public:
  explicit incident_world(const std::string& calendar) {
    auto svc = add_service("mail", true, calendar);
    model::incident d;
    d.title = "mail delivery delayed";
    d.impact = 2;
    d.urgency = 2;
    d.service = svc.id;
    d.caller = "carl";
    id_ = system_.incidents().record(role_actors()[4], d).id;
  }

  incident_world(incident_world& from, int) : base_world(from), id_(from.id_) {}
  std::unique_ptr<world> fork() override { return std::make_unique<incident_world>(*this, 0); }

  void run(std::size_t op, const actor& who) override {
    auto& inc = system_.incidents();
    switch (op) {
      case 0: inc.assign(who, id_, "desk", "irene"); break;
      case 1: inc.assign(who, id_, "desk", "dave"); break;
      case 2: inc.start_work(who, id_); break;
      case 3: inc.pend(who, id_, "customer"); break;  // pauses the SLA (pause state "customer")
      case 4: inc.pend(who, id_, "supplier"); break;  // does not
      case 5: inc.resume(who, id_); break;
      case 6: inc.resolve(who, id_, "restarted the queue"); break;
      case 7: inc.reopen(who, id_, "still slow"); break;
      case 8: inc.close(who, id_); break;
      case 9: inc.reprioritise(who, id_, 1, 1); break;  // P1 on a critical service: a major candidate
      case 10: inc.reprioritise(who, id_, 2, 2); break;  // back to P3
      case 11: inc.classify(who, id_, "network", true); break;  // security floor: at least P2
      case 12: inc.add_note(who, id_, "called the user"); break;
      case 13: inc.declare_major(who, id_, "irene"); break;
      case 14: inc.record_review(who, id_, "queue limits too low", "raise limits"); break;
      default: throw std::logic_error("no such op");
    }
  }

  std::vector<std::string> invariants() override {
    std::vector<std::string> out;
    const auto i = system_.incidents().find(admin_actor(), id_).value();
    const bool done = i.state == model::incident_state::resolved || i.state == model::incident_state::closed;
    if (done && i.resolution.empty()) out.push_back("resolved/closed incident without a resolution");
    if (done && i.resolved_at.is_special()) out.push_back("resolved/closed incident without resolved_at");
    if (i.state == model::incident_state::closed && i.major &&
        !system_.incidents().review(admin_actor(), id_))
      out.push_back("major incident closed without its post-incident review (R-8.1-major)");
    if (i.security && i.priority > 2) out.push_back("security incident below the P2 floor (R-6.6-incidents)");
    return out;
  }

  std::optional<ticket_sla> sla() override { return system_.incidents().sla_figures(admin_actor(), id_); }

 private:
  incident_id id_;
};

workflow incidents(const std::string& name, const std::string& calendar) {
  return {name,
          {"assign(irene)", "assign(dave)", "start_work", "pend(customer)", "pend(supplier)", "resume", "resolve",
           "reopen", "close", "reprioritise(1,1)", "reprioritise(2,2)", "classify(security)", "add_note",
           "declare_major(irene)", "record_review"},
          role_actors(),
          [calendar] { return std::make_unique<incident_world>(calendar); }};
}

}  // namespace

TEST_CASE("R-8.1-procedure: incidents hold their invariants over every sequence of moves",
          "[workflows][model][incident]") {
  check_workflow(incidents("incidents", ""), 3, 11);
}

TEST_CASE("R-6.1-monitor: incident SLA clocks on office hours never run backwards over every sequence",
          "[workflows][model][incident]") {
  check_workflow(incidents("incidents-office-hours", office_hours), 2, 11);
}
