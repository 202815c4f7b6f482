// Records retention and disposal (clause 4.3, R-4.3-records): stored retention rules per record
// kind, legal holds per record, the records due for disposal, and disposal through the write
// path — the record is erased and the changes of its audit entries are replaced by redaction
// markers, so its personal data leaves the store while the audit chain still verifies
// (docs/records-retention.md). Thread-safety: safe to call from several threads.
#pragma once

#include "itsm/core/export.hpp"

#include <memory>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/model/retention.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

// A record past its retention period at the instant asked about.
struct ITSM_API due_record {
  std::string kind;
  std::string id;
  retention_rule_id rule;
  timestamp retained_from;  // the record's from_field
  timestamp due_at;         // retained_from + the rule's years
  bool on_hold = false;     // a legal hold stops its disposal

  bool operator==(const due_record&) const = default;
};

class ITSM_API records_management {
 public:
  // Stores a retention rule: its invariants; `kind` is a registered kind of the processes (not
  // one of the retention kinds themselves) with a time field `from_field`; no other rule in force
  // for the kind. REQUIRES: draft.id invalid, revision 0, defined_by empty, not retired.
  model::retention_rule define_rule(const actor& who, model::retention_rule draft, const write_options& opts = {});
  // Takes a rule out of force: its kind's records are no longer due.
  model::retention_rule retire_rule(const actor& who, retention_rule_id id, const write_options& opts = {});
  // Places a legal hold on an existing record. REQUIRES: draft.id invalid, revision 0, the
  // fields the library sets empty, not released.
  model::legal_hold place_hold(const actor& who, model::legal_hold draft, const write_options& opts = {});
  model::legal_hold release_hold(const actor& who, legal_hold_id id, const write_options& opts = {});

  // Disposes of record `kind` `id`, which must be due under the kind's rule in force and under
  // no legal hold (rule_violation, R-4.3-records, otherwise): in one transaction the changes of
  // its audit entries give way to their redaction markers (entries written before format v3
  // keep theirs and are counted as kept), the record is erased (its entry names only the rule)
  // and a disposal record is written. Authorized as ("dispose", "disposal", "<kind>/<id>").
  // Errors: not_found (no such record), rule_violation, permission_denied.
  model::disposal dispose(const actor& who, const std::string& kind, const std::string& id,
                          const write_options& opts = {});

  // Reads.
  std::vector<model::retention_rule> rules(const actor& who) const;
  std::vector<model::legal_hold> holds(const actor& who) const;
  // Records past retention at `at` under the rules in force (on hold or not), by kind and id.
  // Also needs read access to each rule's kind.
  std::vector<due_record> due(const actor& who, timestamp at) const;
  // The disposal report: disposals made in [from, to), oldest first.
  std::vector<model::disposal> disposals(const actor& who, timestamp from, timestamp to) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  explicit records_management(std::shared_ptr<const detail::context> ctx);
  std::shared_ptr<const detail::context> ctx_;
};

}  // namespace itsm
