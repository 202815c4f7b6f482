// configuration_management::import_csv: identification, reconciliation and the batch's one
// transaction (docs/import.md).
#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>

#include "itsm/process/configuration.hpp"
#include "cmdb_reads.hpp"
#include "import_cells.hpp"
#include "json_rows.hpp"
#include "policy_store.hpp"
#include "detail/write_scope.hpp"
#include "reconciliation.hpp"

namespace itsm {

using model::ci_status;
using model::configuration_item;
using model::relationship;

std::string_view to_string(import_action a) noexcept {
  switch (a) {
    case import_action::create: return "create";
    case import_action::update: return "update";
    case import_action::unchanged: return "unchanged";
    case import_action::refused: return "refused";
    case import_action::pending: return "pending";
  }
  return "unknown";
}

std::size_t import_plan::count(import_action a) const noexcept {
  std::size_t n = 0;
  for (const auto& c : cis) n += c.action == a;
  for (const auto& r : relationships) n += r.action == a;
  return n;
}

std::size_t import_plan::writes() const noexcept {
  return count(import_action::create) + count(import_action::update) + count(import_action::pending);
}

namespace {

constexpr const char* malformed_rule = "R-9.1-access";  // the CMDB accepts only valid input

// Column positions of a file; missing required columns are refusals at the header's line.
std::map<std::string, std::size_t, std::less<>> columns(const detail::csv_table& t, const char* file,
                                                        std::initializer_list<const char*> required,
                                                        std::vector<import_refusal>& refusals) {
  std::map<std::string, std::size_t, std::less<>> at;
  for (std::size_t i = 0; i < t.header.size(); ++i) at[t.header[i]] = i;
  for (const char* c : required)
    if (!t.header.empty() && !at.count(c))
      refusals.push_back({file, 1, {malformed_rule, fmt::format("the {} file has no column '{}'", file, c)}});
  return at;
}

// One file of the batch, from its CSV or its JSON text (not both); its problems become refusals.
detail::csv_table read_file(const std::string& csv, const std::string& json, const char* file,
                            const detail::csv_limits& limits, std::initializer_list<const char*> required,
                            std::vector<import_refusal>& refusals) {
  if (!csv.empty() && !json.empty())
    throw_error(errc::invalid_argument, fmt::format("the {} are given both as CSV and as JSON", file));
  detail::csv_table t;
  if (!csv.empty()) t = detail::read_csv(csv, limits);
  if (!json.empty()) t = detail::read_json_rows(json, limits, required);
  for (auto& p : t.problems) refusals.push_back({file, p.line, {malformed_rule, std::move(p.message)}});
  return t;
}

void report(const import_options& o, std::string_view phase, std::size_t done, std::size_t total) {
  if (o.progress && (done == total || (o.progress_every && done % o.progress_every == 0)))
    o.progress({phase, done, total});
}

// The columns of a file that an import from `source` leaves, per CI type: those the
// attribute_sources policy gives to another source (R-9.1-access).
class column_owners {
 public:
  column_owners(const std::vector<attribute_source>& policy, const std::vector<std::string>& header,
                const std::string& source)
      : header_(header) {
    for (const auto& o : policy)
      if (o.source != source) others_[o.type][o.attribute] = o.source;
  }

  // nullptr when the import may write every column of `type`.
  const std::vector<bool>* skipped(const std::string& type) {
    const auto owned = others_.find(type);
    if (owned == others_.end()) return nullptr;
    auto [it, fresh] = skip_.try_emplace(type);
    if (fresh) {
      it->second.resize(header_.size());
      for (std::size_t i = 0; i < header_.size(); ++i) it->second[i] = owned->second.count(header_[i]) > 0;
    }
    return &it->second;
  }

  // "<column>: owned by source '<owner>'" for each skipped column the row gives.
  std::vector<std::string> reasons(const std::string& type, const detail::csv_row& row) {
    std::vector<std::string> out;
    const auto* skip = skipped(type);
    for (std::size_t i = 0; skip && i < header_.size(); ++i)
      if ((*skip)[i] && (row.absent.empty() || !row.absent[i]))
        out.push_back(fmt::format("{}: owned by source '{}'", header_[i], others_[type][header_[i]]));
    return out;
  }

 private:
  const std::vector<std::string>& header_;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> others_;
  std::map<std::string, std::vector<bool>, std::less<>> skip_;
};

}  // namespace

import_plan configuration_management::import_csv(const actor& who, const import_source& source,
                                                 const import_options& opts) {
  for (const auto& r : opts.identity)
    if (r.type.empty()) throw_error(errc::invalid_argument, "an identity rule names no CI type");
  import_plan plan;
  const detail::csv_limits limits{opts.max_field_bytes, 1024};
  auto ci_rows = read_file(source.cis_csv, source.cis_json, "cis", limits, {"type", "name"}, plan.refusals);
  const auto ci_col = columns(ci_rows, "cis", {"type", "name"}, plan.refusals);
  auto rel_rows = read_file(source.relationships_csv, source.relationships_json, "relationships", limits,
                            {"source_type", "source", "kind", "target_type", "target"}, plan.refusals);
  const auto rel_col = columns(rel_rows, "relationships", {"source_type", "source", "kind", "target_type", "target"},
                               plan.refusals);
  if (!plan.refusals.empty()) ci_rows.rows.clear(), rel_rows.rows.clear();  // a malformed file plans nothing

  detail::write_scope w(*ctx_, who, opts.dry_run ? "import (dry run)" : "import");
  w.authorize("configuration_item", "", "import");
  w.rules({}, "configuration_item", "");  // each row's own rules run before its write below
  auto& tx = w.tx();
  detail::cmdb_reads in(*ctx_, tx);
  column_owners owners(*ctx_->policies->attribute_sources(tx), ci_rows.header, opts.source);
  auto rule_of = [&](const std::string& type) -> const identity_rule* {
    for (const auto& r : opts.identity)
      if (r.type == type && !r.attributes.empty()) return &r;
    return nullptr;
  };
  // The CMDB's live CIs of the types the batch names, by (type, identity); the batch's own
  // creates join them, so relationships can name CIs of the same batch.
  std::map<std::pair<std::string, std::string>, configuration_item> known;
  std::map<std::pair<std::string, std::string>, std::size_t> first_row;
  auto cell = [](const detail::csv_row& r, const auto& col, const char* name) -> const std::string& {
    return r.fields[col.at(name)];
  };
  std::set<std::string> named_types;
  for (const auto& r : ci_rows.rows) named_types.insert(cell(r, ci_col, "type"));
  for (const auto& r : rel_rows.rows) named_types.insert({cell(r, rel_col, "source_type"), cell(r, rel_col, "target_type")});
  for (const auto& t : named_types) {
    storage::query q;
    q.where_eq("type", t).where_ne("status", "retired");
    in.index_live(t);
    for (auto& ci : detail::load_all<configuration_item>(tx, q)) {
      auto id = detail::identity_of(ci, rule_of(t));
      known.emplace(std::pair(t, std::move(id)), std::move(ci));
    }
  }

  // True when every violation of an update is change control's (no RFC covers the CI).
  auto only_change_control = [&](const std::vector<violation>& rules, const configuration_item& before) {
    const auto cc = in.change_control(before.type, before.id.key(), opts.write.reference);
    for (const auto& r : rules)
      if (std::find(cc.begin(), cc.end(), r) == cc.end()) return false;
    return true;
  };
  auto refuse = [&](const char* file, std::size_t row, std::vector<violation> v) {
    for (auto& x : v) plan.refusals.push_back({file, row, std::move(x)});
  };
  std::size_t done = 0;
  for (const auto& row : ci_rows.rows) {
    planned_ci p;
    p.row = row.line;
    p.type = cell(row, ci_col, "type");
    p.name = cell(row, ci_col, "name");
    const auto* type = in.type(p.type);
    const auto* skip = owners.skipped(p.type);
    configuration_item draft;
    draft.type = p.type;
    draft.name = p.name;
    std::vector<violation> v;
    const auto* rule = rule_of(p.type);
    if (rule) {  // identified by attributes: every cell counts, whoever owns it
      auto probe = draft;
      std::vector<violation> ignored;
      detail::apply_cells(row, ci_rows.header, type, probe, ignored);
      draft.attributes = std::move(probe.attributes);
    }
    const auto key = std::pair(p.type, detail::identity_of(draft, rule));
    const auto found = known.find(key);
    p.skipped = owners.reasons(p.type, row);
    if (auto [it, fresh] = first_row.emplace(key, row.line); !fresh)
      v.push_back({"R-9.1-unique", fmt::format("row {} already names this {} ('{}')", it->second, p.type, key.second)});
    if (v.empty() && found != known.end()) {
      const auto& before = found->second;
      auto edited = before;
      edited.name = p.name;
      detail::apply_cells(row, ci_rows.header, type, edited, v, skip);
      p.id = before.id;
      if (!v.empty()) {
        // a cell that does not parse: the row is refused below
      } else if (edited == before) {  // compared as objects: no record encoding for the common case
        p.action = import_action::unchanged;
      } else {
        const auto after_rec = detail::to_record(edited), before_rec = detail::to_record(before);
        for (const auto& c : audit::diff(ctx_->schema("configuration_item"), before_rec, after_rec))
          p.changed.push_back(c.field);
        auto rules = update_rules(in, before, edited, opts.write.reference);
        if (!opts.source.empty() && !rules.empty() && only_change_control(rules, before)) {
          // A feed's update of a controlled CI waits for review (docs/import.md).
          const auto item = detail::propose(w, before, opts.source, audit::encode_changes(audit::diff(
                                                ctx_->schema("configuration_item"), before_rec, after_rec)), opts.write);
          p.pending = item.id;
          p.action = item.fresh ? import_action::pending : import_action::unchanged;
          rules.clear();
        }
        for (auto& x : rules) v.push_back(std::move(x));
        if (v.empty() && p.action == import_action::refused) {
          w.authorize("configuration_item", before.id.key(), before.type, before.customer.key());
          auto saved = w.save(edited, &before, opts.write, "updated");
          in.saved(&before, saved);
          found->second = std::move(saved);
          p.action = import_action::update;
        }
      }
    } else if (v.empty()) {
      draft.attributes.clear();
      detail::apply_cells(row, ci_rows.header, type, draft, v, skip);
      // A cell that does not parse is the row's refusal; the rules would only add its echo
      // (an attribute left unset is then also "required").
      if (v.empty())
        for (auto& x : create_rules(in, draft, opts.write.reference)) v.push_back(std::move(x));
      if (v.empty()) {
        w.authorize("configuration_item", "", draft.type, draft.customer.key());
        auto saved = w.save(std::move(draft), nullptr, opts.write, "created");
        p.id = saved.id;
        p.action = import_action::create;
        in.saved(nullptr, saved);
        known.emplace(key, std::move(saved));
      }
    }
    if (!v.empty()) refuse("cis", row.line, std::move(v));
    plan.cis.push_back(std::move(p));
    report(opts, "cis", ++done, ci_rows.rows.size());
  }

  // Relationships already recorded, so an unchanged row is recognised without a query.
  if (!rel_rows.rows.empty()) {
    storage::query q;
    q.where_eq("status", "active");
    in.index_active(detail::load_all<relationship>(tx, q));
  }
  done = 0;
  for (const auto& row : rel_rows.rows) {
    planned_relationship p;
    p.row = row.line;
    p.kind = cell(row, rel_col, "kind");
    std::vector<violation> v;
    auto end = [&](const char* type_col, const char* name_col) -> const configuration_item* {
      const auto& type = cell(row, rel_col, type_col);
      const auto& name = cell(row, rel_col, name_col);
      const auto it = known.find({type, model::identity_key(name)});
      if (it != known.end()) return &it->second;
      v.push_back({"R-9.1-attrs", fmt::format("{}: no {} '{}' in the CMDB or in this batch", name_col, type, name)});
      return nullptr;
    };
    const auto* source = end("source_type", "source");
    const auto* target = end("target_type", "target");
    if (source) p.source = source->id;
    if (target) p.target = target->id;
    if (v.empty() && in.related(p.source, p.kind, p.target)) {
      p.action = import_action::unchanged;
    } else if (v.empty()) {
      v = relate_rules(in, p.source, p.kind, p.target, opts.write.reference, {source, target});
      if (v.empty()) {
        relationship r;
        r.kind = p.kind;
        r.source = p.source;
        r.target = p.target;
        w.authorize("relationship", "", p.kind);
        p.id = w.save(r, nullptr, opts.write, "created").id;
        p.action = import_action::create;
        in.saved(r);
      }
    }
    if (!v.empty()) refuse("relationships", row.line, std::move(v));
    plan.relationships.push_back(std::move(p));
    report(opts, "relationships", ++done, rel_rows.rows.size());
  }

  if (opts.dry_run) return plan;  // the scope rolls back: nothing written
  if (!plan.refusals.empty()) {
    std::vector<violation> all;
    for (const auto& r : plan.refusals)
      all.push_back({r.why.rule, fmt::format("{} row {}: {}", r.file, r.row, r.why.message)});
    w.rules(all, "configuration_item", "import");  // rolls back, audits the refusal, throws
  }
  if (plan.writes() == 0) return plan;  // unchanged: nothing written, not even an audit entry
  w.commit();
  plan.applied = true;
  return plan;
}

}  // namespace itsm
