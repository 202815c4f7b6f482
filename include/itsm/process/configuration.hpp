// Configuration management (clause 9.1): CI types, CIs, typed relationships and links, each
// write through the one write path, every update a new version with its history queryable.
// Every read names its actor and returns only what the authorizer lets it see (a record it may
// not see reads as absent).
// Rules: R-9.1-types, R-9.1-unique, R-9.1-attrs, R-9.1-access, R-9.1-versions, R-9.1-trace.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "itsm/audit/changes.hpp"
#include "itsm/core/actor.hpp"
#include "itsm/core/export.hpp"
#include "itsm/graph/graph.hpp"
#include "itsm/model/ci_type.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/link.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/model/change.hpp"
#include "itsm/process/baseline.hpp"
#include "itsm/process/import.hpp"
#include "itsm/storage/backend.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

namespace detail {
class write_scope;
class cmdb_reads;  // what the CMDB's rules read, once per operation (not installed)
}

// One entry of an object's history (R-9.1-versions, R-9.1-trace), read from the audit trail.
struct ITSM_API version_entry {
  std::int64_t seq = 0;
  std::string kind{};         // "configuration_item" or "relationship"
  std::string object_id{};
  std::int64_t revision = 0;
  timestamp at{};
  std::string actor{};
  std::string action{};
  std::vector<audit::field_change> changes{};
  std::string reason{};
  std::string reference{};
};

enum class direction { outgoing, incoming, both };

class ITSM_API configuration_management {
 public:

  // Creates a CI type or a new version of it. Rules: the definition's own invariants (each
  // attribute constraint fits the attribute's type, min <= max, a valid pattern), parent must
  // exist, no parent cycle, and existing CIs of it and its subtypes still conform, constraints
  // included (R-9.1-types).
  model::ci_type define_type(const actor& who, model::ci_type type, const write_options& opts = {});
  std::optional<model::ci_type> find_type(const actor& who, const std::string& name) const;
  std::vector<model::ci_type> types(const actor& who) const;
  // Attributes and relationship kinds of `name` including those inherited from its parents.
  model::ci_type effective_type(const actor& who, const std::string& name) const;

  // Creates a CI (id assigned). Rules: known type and attributes per its schema, each value
  // within its attribute's constraints (R-9.1-types), identity (type, identity_key(name))
  // unique among CIs not retired, so names differing only in letter case or surrounding
  // whitespace are duplicates (R-9.1-unique), referenced services exist (R-9.1-attrs).
  // REQUIRES: draft.id invalid and draft.revision == 0.
  model::configuration_item create(const actor& who, model::configuration_item draft,
                                   const write_options& opts = {});
  // Stores `edited` as the next version; edited.revision must be the stored revision
  // (otherwise errc::conflict). Same rules as create, the type cannot change, and a retired CI
  // cannot be updated.
  model::configuration_item update(const actor& who, const model::configuration_item& edited,
                                   const write_options& opts = {});
  // Sets status retired and retires its active relationships, in one operation.
  model::configuration_item retire(const actor& who, ci_id id, const write_options& opts = {});

  // Rule checks that do not throw on a violation, for UIs that want to show why an action is
  // unavailable and imports that sort rows before writing (authorization and the revision
  // check are the write's own questions). The same rules as create / update, which they share;
  // `reference` is the RFC the write would carry, for change-controlled CIs.
  std::vector<violation> check_create(const actor& who, const model::configuration_item& draft,
                                      const std::string& reference = {}) const;
  std::vector<violation> check_update(const actor& who, const model::configuration_item& edited,
                                      const std::string& reference = {}) const;

  // Relates two CIs. Rules: both exist and are not retired, the kind is in the catalogue and
  // allowed for the source's type, no identical active relationship (R-9.1-attrs, R-9.1-types).
  model::relationship relate(const actor& who, ci_id source, const std::string& kind, ci_id target,
                             const write_options& opts = {});
  // The violations relate() would meet, from the same rules, without writing or auditing
  // anything (for imports and UIs that sort good rows from bad before writing). `reference` is
  // the RFC the write would carry (write_options::reference), for change-controlled CIs.
  std::vector<violation> check_relate(const actor& who, ci_id source, const std::string& kind, ci_id target,
                                      const std::string& reference = {}) const;
  model::relationship unrelate(const actor& who, relationship_id id, const write_options& opts = {});

  // Imports a batch of CIs and relationships from CSV (process/import.hpp, docs/import.md):
  // identifies each row, plans it against the same rules as create / update / relate, and —
  // unless opts.dry_run — applies the whole plan in one transaction, each write audited. A plan
  // with refusals is not applied: error(rule_violation) lists every refused row (the refusal is
  // audited, nothing else is written). A batch that changes nothing writes nothing.
  import_plan import_csv(const actor& who, const import_source& source, const import_options& opts = {});

  // Reconciliation items (process/import.hpp: import_options::source): a feed's proposed updates
  // of change-controlled CIs, waiting for review. Pending ones of `ci` (all CIs when invalid),
  // oldest first.
  std::vector<model::reconciliation_item> pending_reconciliations(const actor& who, ci_id ci = {}) const;
  // Applies a pending item's changes to its CI under opts.reference, the RFC that covers the CI
  // (the same rules as update(), change control included, R-9.2-record), and marks it applied, in
  // one operation. Refused (R-9.1-versions) when the CI changed since the proposal, or the item
  // is not pending. Errors: not_found.
  model::configuration_item reconcile(const actor& who, reconciliation_id id, const write_options& opts);
  // Marks a pending item rejected; opts.reason says why. Errors: not_found.
  model::reconciliation_item reject_reconciliation(const actor& who, reconciliation_id id, const write_options& opts);

  // Links a CI to another record (RFC, problem, known error, …); queryable from both ends.
  model::link link_ci(const actor& who, ci_id ci, const std::string& other_kind,
                      const std::string& other_id, const std::string& role,
                      const write_options& opts = {});

  std::optional<model::configuration_item> find(const actor& who, ci_id id) const;
  // The live CI of `type` whose name has the identity key of `name` (any letter case, outer
  // whitespace ignored); of duplicates stored before identity ignored case, the exact spelling.
  std::optional<model::configuration_item> find_by_name(const actor& who, const std::string& type,
                                                         const std::string& name) const;
  std::vector<model::configuration_item> list(const actor& who, const std::string& type = {}) const;
  std::vector<model::relationship> relationships(const actor& who, ci_id id, direction d = direction::both,
                                                 bool include_retired = false) const;
  std::vector<model::relationship> all_relationships(const actor& who, bool include_retired = false) const;
  // Links whose either end is (kind, id).
  std::vector<model::link> links(const actor& who, const std::string& kind, const std::string& id) const;

  // The live CMDB graph as of the store's last commit, whichever process made it (R-9.1-attrs,
  // R-9.1-to-change): an immutable snapshot of every CI not retired (node key: the CI number),
  // every active relationship whose kind is in the stored catalogue, and every service of the
  // catalogue (node key: minus its number, so SVC-4 is node -4; a service depends on the CIs that
  // list it and on the services it depends on). A CI with an integer attribute required_members
  // is a redundancy group: its `member_of` (quorum) members impact it only below k of n. The
  // library keeps one graph per sms in step with the audit trail, so a snapshot costs O(1)
  // when nothing changed and, after changes, O(the changed CIs' relationships) plus a copy of a
  // small index, with a full O(V + E) build once every (V + E) / 160 changed CIs (docs/graph.md,
  // "Snapshots"). Needs read access to every
  // CI (authorizer::scope_of_reads every_record), else permission_denied (audited).
  itsm::graph::graph graph(const actor& who) const;

  // Every version of the CI and of its relationships, oldest first (R-9.1-versions).
  std::vector<version_entry> history(const actor& who, ci_id id) const;
  // The CI as it was at `revision`, rebuilt from the audit trail (R-9.1-versions).
  model::configuration_item at_revision(const actor& who, ci_id id, std::int64_t revision) const;

  // Baselines (R-9.1-baseline). A snapshot covers the CIs of the scope that are not retired and
  // every active relationship touching them.
  configuration_snapshot snapshot(const actor& who, const baseline_scope& scope) const;
  // Stores a named snapshot. Rules: a non-empty name not used by another baseline; a scope
  // that selects at least one CI (R-9.1-baseline).
  model::baseline take_baseline(const actor& who, const std::string& name, const baseline_scope& scope,
                                const write_options& opts = {});
  std::optional<model::baseline> find_baseline(const actor& who, baseline_id id) const;
  // Differences from baseline `from` to baseline `to`; errors: not_found.
  baseline_diff compare_baselines(const actor& who, baseline_id from, baseline_id to) const;
  // Differences from the baseline to the CMDB now, over the baseline's own CI set and scope.
  baseline_diff compare_with_now(const actor& who, baseline_id from) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  explicit configuration_management(std::shared_ptr<const detail::context> ctx);
  std::vector<violation> type_rules(storage::transaction& tx, const model::ci_type& t) const;
  std::vector<violation> redefinition_rules(storage::transaction& tx, const model::ci_type& before,
                                            const model::ci_type& after) const;
  std::vector<violation> ci_rules(detail::cmdb_reads& in, const model::configuration_item& ci) const;
  std::vector<violation> create_rules(detail::cmdb_reads& in, const model::configuration_item& draft,
                                      const std::string& reference) const;
  std::vector<violation> update_rules(detail::cmdb_reads& in, const model::configuration_item& before,
                                      const model::configuration_item& edited, const std::string& reference) const;
  // `loaded`: the two CIs when the caller holds them already (an import), else they are loaded.
  std::vector<violation> relate_rules(detail::cmdb_reads& in, ci_id source, const std::string& kind, ci_id target,
                                      const std::string& reference,
                                      const std::pair<const model::configuration_item*, const model::configuration_item*>&
                                          loaded = {}) const;
  configuration_snapshot snapshot(storage::transaction& tx, const baseline_scope& scope) const;
  // take_baseline inside an operation's open scope (a release's deploy takes its baseline in the
  // deploy's own transaction).
  friend class release_management;
  model::baseline take_baseline_in(detail::write_scope& w, const std::string& name, const baseline_scope& scope,
                                   const write_options& opts);

  std::shared_ptr<const detail::context> ctx_{};
};

}  // namespace itsm
