// configuration_management::import_csv: identification, reconciliation and the batch's one
// transaction (docs/import.md).
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "itsm/model/codec.hpp"
#include "itsm/process/configuration.hpp"
#include "ci_types.hpp"
#include "csv.hpp"
#include "detail/change_control.hpp"
#include "detail/write_scope.hpp"
#include "policy_store.hpp"
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

// The cell as a value of type `t`, or nullopt with `why` set.
std::optional<value> parse_cell(const std::string& cell, value_type t, std::string& why) {
  switch (t) {
    case value_type::text: return value(cell);
    case value_type::integer: {
      std::int64_t n = 0;
      const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), n);
      if (ec == std::errc() && end == cell.data() + cell.size()) return value(n);
      why = "is not an integer";
      return std::nullopt;
    }
    case value_type::real: {
      double d = 0;
      const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), d);
      if (ec == std::errc() && end == cell.data() + cell.size() && std::isfinite(d)) return value(d);
      why = "is not a finite number";
      return std::nullopt;
    }
    case value_type::boolean:
      if (cell == "true" || cell == "false") return value(cell == "true");
      why = "is not true or false";
      return std::nullopt;
    case value_type::time:
      try {
        return value(parse_iso(cell));
      } catch (const error&) {
        why = "is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)";
        return std::nullopt;
      }
    case value_type::null: break;
  }
  why = "has no type";
  return std::nullopt;
}

// Parses "SVC-1;SVC-2" (or a customer key) into ids; a malformed key is a violation.
template <class Id>
std::vector<Id> parse_keys(const std::string& cell, const std::string& column, std::vector<violation>& v) {
  std::vector<Id> out;
  std::size_t from = 0;
  while (from <= cell.size() && !cell.empty()) {
    const auto to = std::min(cell.find(';', from), cell.size());
    const auto key = cell.substr(from, to - from);
    try {
      out.push_back(Id::parse(key));
    } catch (const error&) {
      v.push_back({"R-9.1-attrs", fmt::format("column {}: '{}' is not a key like {}-1", column, key, Id::tag::prefix)});
    }
    from = to + 1;
  }
  return out;
}

// Sets the fields and attributes the row's columns name on `ci` (the file states the whole
// content of its columns: an empty cell clears). Cells that do not parse become violations.
void apply_cells(const detail::csv_row& row, const std::vector<std::string>& header, const model::ci_type* type,
                 configuration_item& ci, std::vector<violation>& v) {
  static const std::map<std::string, std::string configuration_item::*, std::less<>> texts{
      {"description", &configuration_item::description}, {"version", &configuration_item::version},
      {"location", &configuration_item::location},       {"owner", &configuration_item::owner},
      {"media_location", &configuration_item::media_location},
      {"media_checksum", &configuration_item::media_checksum}, {"asset_tag", &configuration_item::asset_tag}};
  for (std::size_t i = 0; i < header.size(); ++i) {
    const auto& column = header[i];
    const auto& cell = row.fields[i];
    if (column == "type" || column == "name") continue;
    if (const auto t = texts.find(column); t != texts.end()) {
      ci.*(t->second) = cell;
    } else if (column == "status") {
      if (cell.empty()) continue;  // a new CI starts as planned; a stored one keeps its status
      try {
        ci.status = model::enum_from_string<ci_status>(cell);
      } catch (const error& e) {
        v.push_back({"R-9.1-attrs", fmt::format("column status: {}", e.what())});
      }
    } else if (column == "services") {
      ci.services = parse_keys<service_id>(cell, column, v);
    } else if (column == "customer") {
      const auto ids = parse_keys<customer_id>(cell, column, v);
      ci.customer = ids.empty() ? customer_id{} : ids.front();
    } else if (type) {
      const auto def = std::find_if(type->attributes.begin(), type->attributes.end(),
                                    [&](const auto& a) { return a.name == column; });
      if (def == type->attributes.end()) {
        if (!cell.empty())
          v.push_back({"R-9.1-types", fmt::format("type '{}' has no attribute '{}'", type->name, column)});
        continue;
      }
      if (cell.empty()) {
        ci.attributes.erase(column);
        continue;
      }
      std::string why;
      if (auto parsed = parse_cell(cell, def->type, why)) ci.attributes[column] = std::move(*parsed);
      else v.push_back({"R-9.1-types", fmt::format("attribute {}: '{}' {}", column, cell, why)});
    }
  }
}

std::string identity_text(const value& v) { return v.type() == value_type::text ? v.as_text() : v.to_display(); }

// The identity of a CI under its type's rule: its identity attributes' values, or its name.
std::string identity_of(const configuration_item& ci, const identity_rule* rule) {
  if (!rule || rule->attributes.empty()) return model::identity_key(ci.name);
  std::string out;
  for (const auto& a : rule->attributes) {
    const auto it = ci.attributes.find(a);
    out += (out.empty() ? "" : "/") + model::identity_key(it == ci.attributes.end() ? "" : identity_text(it->second));
  }
  return out;
}

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

void report(const import_options& o, std::string_view phase, std::size_t done, std::size_t total) {
  if (o.progress && (done == total || (o.progress_every && done % o.progress_every == 0)))
    o.progress({phase, done, total});
}

}  // namespace

import_plan configuration_management::import_csv(const actor& who, const import_source& source,
                                                 const import_options& opts) {
  for (const auto& r : opts.identity)
    if (r.type.empty()) throw_error(errc::invalid_argument, "an identity rule names no CI type");
  import_plan plan;
  const detail::csv_limits limits{opts.max_field_bytes, 1024};
  detail::csv_table ci_rows, rel_rows;
  if (!source.cis_csv.empty()) ci_rows = detail::read_csv(source.cis_csv, limits);
  if (!source.relationships_csv.empty()) rel_rows = detail::read_csv(source.relationships_csv, limits);
  for (const auto& p : ci_rows.problems) plan.refusals.push_back({"cis", p.line, {malformed_rule, p.message}});
  const auto ci_col = columns(ci_rows, "cis", {"type", "name"}, plan.refusals);
  for (const auto& p : rel_rows.problems)
    plan.refusals.push_back({"relationships", p.line, {malformed_rule, p.message}});
  const auto rel_col = columns(rel_rows, "relationships", {"source_type", "source", "kind", "target_type", "target"},
                               plan.refusals);
  if (!plan.refusals.empty()) ci_rows.rows.clear(), rel_rows.rows.clear();  // a malformed file plans nothing

  detail::write_scope w(*ctx_, who, opts.dry_run ? "import (dry run)" : "import");
  w.authorize("configuration_item", "", "import");
  w.rules({}, "configuration_item", "");  // each row's own rules run before its write below
  auto& tx = w.tx();

  std::map<std::string, std::optional<model::ci_type>, std::less<>> types;
  auto type_of = [&](const std::string& name) -> const model::ci_type* {
    auto it = types.find(name);
    if (it == types.end()) it = types.emplace(name, detail::effective_ci_type(tx, name)).first;
    return it->second ? &*it->second : nullptr;
  };
  auto rule_of = [&](const std::string& type) -> const identity_rule* {
    for (const auto& r : opts.identity)
      if (r.type == type) return &r;
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
    for (auto& ci : detail::load_all<configuration_item>(tx, q)) {
      auto id = identity_of(ci, rule_of(t));
      known.emplace(std::pair(t, std::move(id)), std::move(ci));
    }
  }

  // True when every violation of an update is change control's (no RFC covers the CI).
  auto only_change_control = [&](const std::vector<violation>& rules, const configuration_item& before) {
    const auto cc = detail::change_control_rules(*ctx_->policies->changes(tx), tx, before.type, before.id.key(),
                                                 opts.write.reference);
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
    const auto* type = type_of(p.type);
    configuration_item draft;
    draft.type = p.type;
    draft.name = p.name;
    std::vector<violation> v;
    apply_cells(row, ci_rows.header, type, draft, v);
    const auto key = std::pair(p.type, identity_of(draft, rule_of(p.type)));
    const auto found = known.find(key);
    if (auto [it, fresh] = first_row.emplace(key, row.line); !fresh)
      v.push_back({"R-9.1-unique", fmt::format("row {} already names this {} ('{}')", it->second, p.type, key.second)});
    if (v.empty() && found != known.end()) {
      const auto& before = found->second;
      auto edited = before;
      edited.name = p.name;
      apply_cells(row, ci_rows.header, type, edited, v);
      p.id = before.id;
      const auto after_rec = detail::to_record(edited), before_rec = detail::to_record(before);
      if (after_rec.values == before_rec.values) {
        p.action = import_action::unchanged;
      } else {
        for (const auto& c : audit::diff(ctx_->schema("configuration_item"), before_rec, after_rec))
          p.changed.push_back(c.field);
        auto rules = update_rules(tx, before, edited, opts.write.reference);
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
          found->second = w.save(edited, &before, opts.write, "updated");
          p.action = import_action::update;
        }
      }
    } else if (v.empty()) {
      for (auto& x : create_rules(tx, draft, opts.write.reference)) v.push_back(std::move(x));
      if (v.empty()) {
        w.authorize("configuration_item", "", draft.type, draft.customer.key());
        auto saved = w.save(std::move(draft), nullptr, opts.write, "created");
        p.id = saved.id;
        p.action = import_action::create;
        known.emplace(key, std::move(saved));
      }
    }
    if (!v.empty()) refuse("cis", row.line, std::move(v));
    plan.cis.push_back(std::move(p));
    report(opts, "cis", ++done, ci_rows.rows.size());
  }

  // Relationships already recorded, so an unchanged row is recognised without a query.
  std::set<std::tuple<std::int64_t, std::string, std::int64_t>> recorded;
  if (!rel_rows.rows.empty()) {
    storage::query q;
    q.where_eq("status", "active");
    for (const auto& r : detail::load_all<relationship>(tx, q)) recorded.emplace(r.source.number(), r.kind, r.target.number());
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
    if (v.empty() && recorded.count({p.source.number(), p.kind, p.target.number()})) {
      p.action = import_action::unchanged;
    } else if (v.empty()) {
      v = relate_rules(tx, p.source, p.kind, p.target, opts.write.reference, {source, target});
      if (v.empty()) {
        relationship r;
        r.kind = p.kind;
        r.source = p.source;
        r.target = p.target;
        w.authorize("relationship", "", p.kind);
        p.id = w.save(r, nullptr, opts.write, "created").id;
        p.action = import_action::create;
        recorded.emplace(p.source.number(), p.kind, p.target.number());
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
