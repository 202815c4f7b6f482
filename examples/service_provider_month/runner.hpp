// Not API of the example either: the month's runner, shared by scenario.cpp (the agenda),
// tickets.cpp (the background workload's steps) and story.cpp (the month's story).
// Thread-safety: single-threaded.
#pragma once

#include <string>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "rng.hpp"
#include "scenario.hpp"
#include "timeline.hpp"
#include "workload.hpp"

namespace spm {

struct problem_story;

// "3.4.1" -> "3.4.2": a new version label for CIs changed under an RFC.
std::string bump(const std::string& v);
inline itsm::duration business_minutes(double m) { return itsm::seconds(static_cast<std::int64_t>(m * 60.0)); }

class runner {
 public:
  runner(itsm::sms& system, itsm::manual_clock& clk, const world& w, const month& m, const sizes& size,
         std::uint64_t seed)
      : sys_(system), clk_(clk), w_(w), m_(m), size_(size), rng_(seed ^ (0x5851f42d4c957f2dULL * (m.index + 1))) {}

  story run();

 private:
  const people& who() const { return w_.who; }
  const itsm::actor& desk() { return (++desk_turn_ % 2) ? who().dana : who().sami; }
  itsm::timestamp bday(int k) const { return business_day(w_, m_, k); }
  // The next working morning (Workplace IT's calendar), two hours after opening.
  itsm::timestamp next_business(itsm::timestamp t) const {
    return *w_.service(workplace).hours.next_opening(t) + itsm::hours(2);
  }

  // tickets.cpp
  void carry_over();
  void background_incident(const incident_plan& p);
  void work_incident(const itsm::model::incident& rec, const incident_plan& p);
  void background_request(const request_plan& p);

  // story.cpp
  void recurring_incident(const problem_story& ps, itsm::timestamp at, bool after_known_error);
  void recurring_problem();
  bool schedule(itsm::rfc_id id, const itsm::period& p, bool accept_conflicts);
  void cab_approves(itsm::rfc_id id);
  void failed_change();
  void major_incident();
  void security_incident();
  void cluster_outage();
  void conflicting_changes();
  void trend_review();

  itsm::sms& sys_;
  itsm::manual_clock& clk_;
  const world& w_;
  const month& m_;
  const sizes& size_;
  rng rng_;
  timeline tl_;
  story st_;
  unsigned desk_turn_ = 0;
  std::string fix_version_;  // the version the month's problem fix installs
};

}  // namespace spm
