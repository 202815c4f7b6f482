// Bulk import of CIs and relationships from CSV or JSON with identification and reconciliation
// (docs/import.md): each row is identified against the CMDB by its type's identity rule, then
// planned as a create, an update, unchanged, or a refusal citing the violated R- id with its row
// number. A dry run returns the plan and writes nothing; an applied batch is one transaction
// through the write path (every row's rules, authorization and audit entry), all or nothing.
// Thread-safety: values; configuration_management::import_csv may be called from any thread.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "itsm/core/error.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/reconciliation.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

// How the CIs of one type are recognised in the CMDB (R-9.1-unique): by the values of these
// attributes, trimmed and compared without ASCII letter case, or by the name (identity_key)
// when the list is empty.
struct ITSM_API identity_rule {
  std::string type;                     // CI type name. REQUIRES: non-empty
  std::vector<std::string> attributes;  // Default: {} = the name
};

// The texts of one batch, each file as CSV or as JSON (not both). CSV CIs: a header row with the columns `type` and `name`, optionally the
// CI fields description, status, version, location, owner, services ("SVC-1;SVC-2"), customer,
// media_location, media_checksum, asset_tag, and any other column as an attribute of the CI's
// type (an empty cell: no value). Relationships: the columns source_type, source, kind,
// target_type, target; an endpoint is named by its identity (its name, or its identity
// attributes' values joined by '/'), as a CI of the CMDB or of this batch. JSON: an array of
// flat objects with the same keys as the CSV columns (a row is its index in the array, from 0; a
// key left out keeps the stored value; null clears; `services` may be a list of strings).
struct ITSM_API import_source {
  import_source() = default;
  import_source(std::string cis, std::string relationships = {})  // the two CSV texts
      : cis_csv(std::move(cis)), relationships_csv(std::move(relationships)) {}
  std::string cis_csv;             // Default: "" = no CIs
  std::string relationships_csv;   // Default: "" = no relationships
  std::string cis_json;            // Default: "" = none (REQUIRES: cis_csv empty when given)
  std::string relationships_json;  // Default: "" = none (REQUIRES: relationships_csv empty when given)
};

// Per-attribute source precedence (a stored policy: policies().attribute_sources): the source
// that owns a column (a CI field such as `owner`, or an attribute such as `ip`) of CIs of one
// type. An import from any other source leaves that column as it is (planned_ci::skipped).
struct ITSM_API attribute_source {
  std::string type;       // CI type name. REQUIRES: non-empty
  std::string attribute;  // a CI field or an attribute of the type. REQUIRES: non-empty
  std::string source;     // the owning import_options::source; "" = the CMDB team's imports
};

struct ITSM_API import_progress {
  std::string_view phase;  // "cis" or "relationships"
  std::size_t done = 0;    // rows handled so far in this phase
  std::size_t total = 0;   // rows of this phase
};

struct ITSM_API import_options {
  std::vector<identity_rule> identity;  // Default: {} = every type identified by its name
  bool dry_run = false;  // true: plan only; nothing is written, not even an audit entry. Default: false
  // The feed this batch comes from (e.g. "discovery"). A feed's update of a change-controlled CI
  // without an RFC becomes a pending reconciliation item (configuration().pending_reconciliations)
  // instead of a refusal. Default: "" = a CMDB-team import: such updates are refused (R-9.2-record)
  std::string source;
  write_options write;   // Reason and RFC reference of every write. Default: {}
  // Called every progress_every rows of each phase, and at its end. Default: none
  std::function<void(const import_progress&)> progress;
  std::size_t progress_every = 1000;                   // Default: 1000
  std::size_t max_field_bytes = std::size_t{1} << 20;  // Longer cells are refused. Default: 1 MiB
};

// pending: a feed's update of a change-controlled CI, stored as a reconciliation item for review.
enum class import_action { create, update, unchanged, refused, pending };
ITSM_API std::string_view to_string(import_action a) noexcept;

// One row's fate. `id`: the CI or relationship written or matched (provisional in a dry run's
// creates: the id the apply would assign if nothing else writes first; none when refused).
struct ITSM_API planned_ci {
  std::size_t row = 0;  // the row's line in the CI file (the header is line 1); JSON: its index
  import_action action = import_action::refused;
  std::string type;
  std::string name;
  ci_id id{};
  std::vector<std::string> changed;  // fields an update (or a pending item) changes
  std::vector<std::string> skipped;  // "<column>: owned by source '<name>'" (attribute_source)
  reconciliation_id pending{};       // the reconciliation item of a pending row
};

struct ITSM_API planned_relationship {
  std::size_t row = 0;  // the row's line in the relationship file
  import_action action = import_action::refused;
  std::string kind;
  ci_id source{};
  ci_id target{};
  relationship_id id{};
};

// A refused row: the file ("cis" or "relationships"), its line, and the rule it violates.
struct ITSM_API import_refusal {
  std::string file;
  std::size_t row = 0;
  violation why;
};

struct ITSM_API import_plan {
  std::vector<planned_ci> cis;                        // every well-formed CI row, in file order
  std::vector<planned_relationship> relationships;    // every well-formed relationship row
  std::vector<import_refusal> refusals;               // every problem, file by file, in row order
  bool applied = false;  // the batch was committed (false for a dry run, a refusal or no change)

  std::size_t count(import_action a) const noexcept;  // over CIs and relationships
  // Creates and updates of CIs and relationships: the records the batch writes.
  std::size_t writes() const noexcept;
};

}  // namespace itsm
