// RFCs (R-9.2-approve, R-9.2-backout, R-9.2-review, R-9.2-emergency, R-9.2-schedule) checked over
// every sequence of moves, from a draft of each class and from an approved normal RFC.
#include <catch2/catch.hpp>

#include <set>

#include "change_worlds.hpp"

using namespace itsm;
using namespace itsm::test::mc;
using model::rfc_class;
using model::rfc_state;

namespace {

class rfc_world final : public change_base {
 public:
  rfc_world(rfc_class cls, bool approved) : change_base(cls) {
    if (approved) approve(id_);
  }

  rfc_world(rfc_world& from, int) : change_base(from) {}
  std::unique_ptr<world> fork() override { return std::make_unique<rfc_world>(*this, 0); }

  void run(std::size_t op, const actor& who) override {
    auto& ch = system_.changes();
    switch (op) {
      case 0: ch.assess(who, id_, {"medium", "none", "none", "", ""}); break;
      case 1: ch.assess(who, id_, {"high", "none", "none", "", ""}); break;  // major: needs a design plan
      case 2: ch.decide(who, id_, vote::approve); break;
      case 3: ch.decide(who, id_, vote::reject); break;
      case 4: ch.schedule(who, id_, window_on(12)); break;
      case 5: ch.schedule(who, id_, window_on(10)); break;  // clashes with the other RFC
      case 6: ch.schedule(who, id_, window_on(10), true); break;
      case 7: ch.mark_built(who, id_); break;
      case 8: ch.mark_tested(who, id_); break;
      case 9: ch.start_implementation(who, id_); break;
      case 10: ch.complete(who, id_, true); break;
      case 11: ch.complete(who, id_, false); break;
      case 12: ch.back_out(who, id_, "restored the snapshot", "package broke the cart"); break;
      case 13: ch.review(who, id_, "went as planned"); break;
      case 14: ch.review(who, id_, "went as planned", {"cathy"}); break;
      case 15: ch.retrospective_review(who, id_, "justified"); break;
      case 16: ch.close(who, id_); break;
      case 17: edit(who, ""); break;  // drops the backout plan
      case 18: edit(who, "restore snapshot"); break;
      default: throw std::logic_error("no such op");
    }
  }

  std::vector<std::string> invariants() override {
    std::vector<std::string> out;
    const auto r = system_.changes().find(admin_actor(), id_).value();
    const auto votes = system_.changes().approvals(admin_actor(), id_);
    const bool implemented = r.state == rfc_state::implementing || r.state == rfc_state::implemented ||
                             r.state == rfc_state::failed || r.state == rfc_state::backed_out ||
                             r.state == rfc_state::reviewed || !r.outcome.empty();
    std::set<std::string> voters, counted;
    bool rejected = false, change_manager = false, owner = false;
    const change_policy policy{};  // the seed's approval rules (the model never changes them)
    const auto& rule = policy.rule_for(r.classification);
    for (const auto& v : votes) {
      if (!voters.insert(v.approver).second) out.push_back(v.approver + " voted twice (R-9.2-approve)");
      if (v.approver == r.requester) out.push_back("the requester voted on the RFC (R-9.2-approve)");
      if (v.decision == model::approval_decision::reject) rejected = true;
      // Every capacity recorded is one the voter really holds.
      for (const auto& c : model::detail::decode_list(v.capacity)) {
        if (c.rfind("owner:", 0) == 0) {
          if (v.approver != "owen") out.push_back(v.approver + " voted as a service owner it is not");
          owner = owner || c == "owner:" + webshop_.id.key();
        } else if (!by_name(v.approver).has_role(c)) {
          out.push_back(v.approver + " voted in capacity " + c + " without the role");
        }
        if (v.decision != model::approval_decision::approve) continue;
        if (std::find(rule.roles.begin(), rule.roles.end(), c) != rule.roles.end()) counted.insert(v.approver);
        change_manager = change_manager || c == roles::change_manager;
      }
    }
    if (implemented && r.classification != rfc_class::standard) {
      // A CAB quorum for its class, without self-approval, and nobody against (R-9.2-approve).
      if (rejected) out.push_back("implemented although rejected");
      if (static_cast<int>(counted.size()) < rule.quorum) out.push_back("implemented without a quorum");
      if (rule.change_manager_required && !change_manager) out.push_back("implemented without a change manager's vote");
      if (rule.service_owners_required && !owner) out.push_back("implemented without the service owner's vote");
    }
    if (implemented && r.classification == rfc_class::standard && r.standard_model.empty())
      out.push_back("standard change implemented without its model");
    if (r.state == rfc_state::rejected && !rejected) out.push_back("rejected without a rejecting vote");
    if (r.state == rfc_state::closed && !rejected) {
      if (r.review.empty()) out.push_back("closed without a post-implementation review (R-9.2-review)");
      if (r.outcome == "failed" && (r.backout_result.empty() ||
                                    system_.changes().investigations(admin_actor(), id_).empty()))
        out.push_back("failed change closed without backout and investigation (R-9.2-backout)");
      if (r.classification == rfc_class::emergency && r.retrospective_review.empty())
        out.push_back("emergency change closed without its retrospective review (R-9.2-emergency)");
    }
    if (!r.retrospective_by.empty() && (r.retrospective_by == r.requester || r.retrospective_by == r.implementer))
      out.push_back("retrospective review by the requester or implementer (R-9.2-emergency)");
    if (r.state == rfc_state::scheduled && r.window_start.is_special()) out.push_back("scheduled without a window");
    return out;
  }

 private:
  void edit(const actor& who, const std::string& backout) {
    auto r = system_.changes().find(admin_actor(), id_).value();
    r.backout_plan = backout;
    system_.changes().edit(who, r);
  }
};

const std::vector<std::string> rfc_ops{
    "assess(medium)", "assess(high)", "decide(approve)", "decide(reject)", "schedule(free)", "schedule(clash)",
    "schedule(clash,accept)", "mark_built", "mark_tested", "start_implementation", "complete(ok)",
    "complete(failed)", "back_out", "review(alone)", "review(with cathy)", "retrospective_review", "close",
    "edit(no backout)", "edit(backout)"};

void check_rfcs(const std::string& name, rfc_class cls, bool approved, int quick_depth) {
  workflow wf{name, rfc_ops, change_actors(), [cls, approved] { return std::make_unique<rfc_world>(cls, approved); }};
  check_workflow(wf, quick_depth, 4);
}

}  // namespace

TEST_CASE("R-9.2-approve: a normal RFC from its draft holds its invariants over every sequence",
          "[workflows][model][change]") {
  check_rfcs("rfc-normal", rfc_class::normal, false, 3);
}

TEST_CASE("R-9.2-approve: an approved normal RFC holds its invariants over every sequence",
          "[workflows][model][change]") {
  check_rfcs("rfc-normal-approved", rfc_class::normal, true, 3);
}

TEST_CASE("R-9.2-emergency: an emergency RFC holds its invariants over every sequence",
          "[workflows][model][change]") {
  check_rfcs("rfc-emergency", rfc_class::emergency, false, 3);
}

TEST_CASE("R-9.2-policy: a standard RFC holds its invariants over every sequence", "[workflows][model][change]") {
  check_rfcs("rfc-standard", rfc_class::standard, false, 3);
}
