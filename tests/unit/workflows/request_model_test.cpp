// Service requests (R-8.1-requests) checked over every sequence of moves.
#include <catch2/catch.hpp>


#include "worlds.hpp"

using namespace itsm;
using namespace itsm::test::mc;

namespace {

// One request REQ-1 for irene, recorded by dave: neither may approve it (only root can).
class request_world final : public base_world {
 public:
  request_world() {
    auto svc = add_service("laptops");
    model::service_request d;
    d.title = "new laptop";
    d.request_type = "access";
    d.service = svc.id;
    d.requested_by = "irene";
    id_ = system_.requests().record(role_actors()[4], d).id;
  }

  request_world(request_world& from, int) : base_world(from), id_(from.id_) {}
  std::unique_ptr<world> fork() override { return std::make_unique<request_world>(*this, 0); }

  void run(std::size_t op, const actor& who) override {
    auto& req = system_.requests();
    switch (op) {
      case 0: req.approve(who, id_); break;
      case 1: req.start(who, id_); break;
      case 2: req.add_step(who, id_, "ordered the laptop"); break;
      case 3: req.pend(who, id_, "customer"); break;
      case 4: req.resume(who, id_); break;
      case 5: req.fulfil(who, id_, "delivered"); break;
      case 6: req.fulfil(who, id_, ""); break;  // no fulfilment note: refused
      case 7: req.close(who, id_); break;
      case 8: req.cancel(who, id_, "no longer needed"); break;
      case 9: req.approve(who, service_request_id(99)); break;  // no such request
      default: throw std::logic_error("no such op");
    }
  }

  std::vector<std::string> invariants() override {
    std::vector<std::string> out;
    const auto r = system_.requests().find(admin_actor(), id_).value();
    using s = model::request_state;
    if ((r.state == s::fulfilled || r.state == s::closed) && r.fulfilment.empty())
      out.push_back("fulfilled/closed request without its fulfilment");
    if ((r.state == s::fulfilled || r.state == s::closed) && r.fulfilled_at.is_special())
      out.push_back("fulfilled/closed request without fulfilled_at");
    // Approved only by someone who neither requested nor recorded it (R-8.1-requests).
    for (const auto& e : system_.requests().log(admin_actor(), id_))
      if (e.type == "state" && e.to == "approved" && (e.actor == "irene" || e.actor == "dave"))
        out.push_back("request approved by its requester or recorder: " + e.actor);
    return out;
  }

  std::optional<ticket_sla> sla() override { return system_.requests().sla_figures(admin_actor(), id_); }

 private:
  service_request_id id_;
};

}  // namespace

TEST_CASE("R-8.1-requests: service requests hold their invariants over every sequence of moves",
          "[workflows][model][request]") {
  workflow wf{"requests",
              {"approve", "start", "add_step", "pend(customer)", "resume", "fulfil(note)", "fulfil(empty)", "close",
               "cancel", "approve(REQ-99: no such request)"},
              role_actors(),
              [] { return std::make_unique<request_world>(); }};
  check_workflow(wf, 8, 4);
}
