// Bounded model checking of one workflow (issue 20): every sequence of (operation, actor) moves
// up to a depth, explored breadth-first over abstract states so each state is expanded once.
// docs/model-checking.md explains the abstraction and why merging states is sound.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/clock.hpp"
#include "itsm/process/ticket_log.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::test::mc {

// (moves)^8 overflows 64 bits for 256 moves or more.
__extension__ typedef unsigned __int128 count;
std::string to_text(count n);

// One concrete world: a fresh sms over a memory store, set up and ready for the first move.
class world {
 public:
  virtual ~world() = default;
  virtual storage::backend& store() = 0;
  virtual manual_clock& clock() = 0;
  // Runs operation `op` (an index into workflow::ops) as `who`; throws what the library throws.
  virtual void run(std::size_t op, const actor& who) = 0;
  // The workflow's invariants broken by the records now (empty: all hold).
  virtual std::vector<std::string> invariants() = 0;
  // The ticket's SLA figures now, for workflows with SLA clocks.
  virtual std::optional<ticket_sla> sla() { return std::nullopt; }
  // An independent world in the same state: a copy of the store (records with their revisions,
  // the audit trail entry for entry) under a new sms, on a clock showing the same time.
  virtual std::unique_ptr<world> fork() = 0;
};

// A new memory store holding what `from` holds: schemas, records at their revisions, audit trail.
std::shared_ptr<storage::backend> clone_store(storage::backend& from);

struct workflow {
  std::string name;
  std::vector<std::string> ops;  // one per (operation, argument choice)
  std::vector<actor> actors;     // every move is one op run by one actor
  std::function<std::unique_ptr<world>()> make;
  // Fields no rule reads, left out of the abstract state ("kind.field"); the recheck of merged
  // states tests the claim. Default: none.
  std::set<std::string> unread = {};
};

struct result {
  int depth = 0;
  std::size_t states = 0;      // distinct abstract states reached
  std::size_t executions = 0;  // operations actually run (replays excluded)
  std::size_t rechecked = 0;   // merged states expanded again from a second path
  count sequences = 0;         // sequences of length 1..depth covered
  count exact = 0;             // of those, of length exactly `depth`
  std::vector<std::string> problems;  // first few broken checks, with the sequence that broke them
  std::size_t problem_count = 0;
};

// Explores `wf` to `depth`. With `recheck`, every state reached by two different paths is
// expanded again from the second one and must behave identically (evidence for the merging).
result explore(const workflow& wf, int depth, bool recheck = true);

// ITSM_MODEL_DEPTH when set, else `quick`.
int depth_from_env(int quick);

// Prints "MODELCHECK <workflow> depth=<d> states=<n> sequences=<m> …" and returns it.
std::string report_line(const workflow& wf, const result& r);

// Explores `wf` to depth_from_env(quick_depth), prints its report line and fails the test case on
// any broken check (listing the first ones) or when fewer than `min_states` states were reached.
void check_workflow(const workflow& wf, int quick_depth, std::size_t min_states);

// Canonical form of the store for state merging: every record of every kind but the ticket log
// and the id counters, without revisions or instants (a set instant reads "T").
std::string fingerprint(storage::backend& store, const std::set<std::string>& unread = {});

}  // namespace itsm::test::mc
