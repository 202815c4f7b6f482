// Releases (R-9.3-accept, R-9.3-integrity, R-9.3-rollback) checked over every sequence of moves.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "change_worlds.hpp"

using namespace itsm;
using namespace itsm::test::mc;
using model::release_state;

namespace {

// Release REL-2 of the approved RFC on shop, with one agreed acceptance criterion (smoke). REL-1 came
// before it with eight test results, so REL-2's results are numbered ACT-9, ACT-10, …
class release_world final : public change_base {
 public:
  release_world() : change_base(model::rfc_class::normal) {
    approve(id_);
    const auto earlier = plan("shop 2.0");
    system_.releases().mark_built(by_name("rob"), earlier);
    for (int i = 0; i < 8; ++i) system_.releases().record_test(by_name("rob"), earlier, "smoke", true, "green");
    release_ = plan("shop 2.1");
  }

  release_world(release_world& from, int) : change_base(from), release_(from.release_) {}
  std::unique_ptr<world> fork() override { return std::make_unique<release_world>(*this, 0); }

  void run(std::size_t op, const actor& who) override {
    auto& rel = system_.releases();
    switch (op) {
      case 0: rel.mark_built(who, release_); break;
      case 1: rel.record_test(who, release_, "smoke", true, "all green"); break;
      case 2: rel.record_test(who, release_, "smoke", false, "login fails"); break;
      case 3: rel.record_test(who, release_, "load", true, "500 rps"); break;  // not agreed: refused
      case 4: rel.accept(who, release_); break;
      case 5: rel.override_acceptance(who, release_, "the fix cannot wait"); break;
      case 6: rel.deploy(who, release_); break;
      case 7: rel.report_failure(who, release_, "checkout broken"); break;
      case 8: rel.roll_back(who, release_, "config drift"); break;
      case 9: rel.close(who, release_); break;
      default: throw std::logic_error("no such op");
    }
  }

  std::vector<std::string> invariants() override {
    std::vector<std::string> out;
    const auto r = system_.releases().find(admin_actor(), release_).value();
    const bool deployed = r.state == release_state::deployed || r.state == release_state::failed ||
                          r.state == release_state::rolled_back || !r.deployed_at.is_special();
    const bool accepted = deployed || r.state == release_state::accepted;
    if (accepted && r.override_by.empty()) {
      // Accepted: every criterion's latest result (highest id) passed (R-9.3-accept).
      auto tests = system_.releases().tests(admin_actor(), release_);
      std::sort(tests.begin(), tests.end(), [](const auto& a, const auto& b) { return a.id.number() < b.id.number(); });
      std::map<std::string, bool> latest;
      for (const auto& t : tests) latest[t.criterion] = t.passed;
      for (const auto& c : r.acceptance_criteria)
        if (!latest.count(c) || !latest[c]) out.push_back("accepted with criterion '" + c + "' not passed");
    }
    if (accepted && !r.override_by.empty() && r.override_reason.empty())
      out.push_back("acceptance overridden without a reason (R-9.3-accept)");
    if (deployed) {
      // Baselined before deployment (R-9.3-integrity).
      if (r.deployed_at.is_special()) out.push_back("deployed without deployed_at");
      if (!r.baseline.valid() || !system_.configuration().find_baseline(admin_actor(), r.baseline))
        out.push_back("deployed without a baseline (R-9.3-integrity)");
    }
    if (r.state == release_state::failed && r.failure_reason.empty()) out.push_back("failed without a reason");
    return out;
  }

 private:
  release_id plan(const std::string& name) {
    model::release d;
    d.name = name;
    d.type = "minor";
    d.rfcs = {id_};
    d.rollback_plan = "reinstall the previous version";
    d.deliverables = "shop package";
    d.deployment_method = "rolling";
    d.acceptance_criteria = {"smoke"};
    d.planned_at = clk_->now() + hours(48);
    return system_.releases().plan(by_name("rob"), d).id;
  }

  release_id release_;
};

}  // namespace

TEST_CASE("R-9.3-accept: releases hold their invariants over every sequence of moves", "[workflows][model][release]") {
  workflow wf{"releases",
              {"mark_built", "record_test(smoke,pass)", "record_test(smoke,fail)", "record_test(load,pass: not agreed)", "accept",
               "override_acceptance", "deploy", "report_failure", "roll_back", "close"},
              change_actors(),
              [] { return std::make_unique<release_world>(); },
              {"acceptance_test.recorded_by", "acceptance_test.evidence"}};
  check_workflow(wf, 4, 6);
}
