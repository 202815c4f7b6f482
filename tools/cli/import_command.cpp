// itsm import cis FILE.csv: the library's CMDB import (process/import.hpp) — plan as a dry run,
// show the plan and every refused row with its R- id, then apply the batch in one transaction.
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "cli.hpp"
#include "progress.hpp"

namespace itsm::cli {
namespace {

struct import_args {
  std::string cis_file;
  std::string relationships_file;
  std::vector<std::string> identity;  // "TYPE=attr1,attr2"
  std::string source, reason, rfc;
  std::string progress = "auto";
  bool dry_run = false;
  bool skip_refused = false;
};

identity_rule parse_identity(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw error(errc::invalid_argument, fmt::format("--identity '{}': use TYPE=ATTRIBUTE[,ATTRIBUTE…]", text));
  identity_rule rule{text.substr(0, eq), {}};
  std::string rest = text.substr(eq + 1) + ",";
  for (auto p = rest.find(','); p != std::string::npos; p = rest.find(',')) {
    if (p > 0) rule.attributes.push_back(rest.substr(0, p));
    rest.erase(0, p + 1);
  }
  return rule;
}

// `csv` without the records that start on one of `lines` (the header is line 1). Quoted cells
// may hold line breaks, so records are found by tracking quotes, not by splitting lines.
std::string without_rows(const std::string& csv, const std::set<std::size_t>& lines) {
  std::string out, record;
  std::size_t line = 1, record_line = 1;
  bool quoted = false;
  for (char c : csv) {
    record += c;
    if (c == '"') quoted = !quoted;
    if (c != '\n') continue;
    ++line;
    if (quoted) continue;
    if (!lines.contains(record_line)) out += record;
    record.clear();
    record_line = line;
  }
  if (!record.empty() && !lines.contains(record_line)) out += record;
  return out;
}

void print_plan(const import_plan& p, const char* what) {
  std::cout << fmt::format("{}: {} create, {} update, {} unchanged, {} pending, {} refused\n", what,
                           p.count(import_action::create), p.count(import_action::update),
                           p.count(import_action::unchanged), p.count(import_action::pending), p.refusals.size());
  for (const auto& r : p.refusals)
    std::cout << fmt::format("  refused: {} row {}: [{}] {}\n", r.file, r.row, r.why.rule, r.why.message);
}

void run_import(session& s, const import_args& a) {
  const actor who = s.who();
  import_source src{read_file(a.cis_file), a.relationships_file.empty() ? "" : read_file(a.relationships_file)};
  import_options o;
  for (const auto& i : a.identity) o.identity.push_back(parse_identity(i));
  o.source = a.source;
  o.write = {a.reason.empty() ? "import of " + a.cis_file : a.reason, a.rfc};
  const auto style = parse_progress_style(a.progress);
  o.progress_every = style == progress_style::bar ? 100 : 1000;
  sms system = s.open();
  auto& cmdb = system.configuration();

  o.dry_run = true;
  import_plan plan;
  {
    progress_meter meter(style, "plan");
    o.progress = [&](const import_progress& p) { meter.update(p.phase, p.done, p.total); };
    plan = cmdb.import_csv(who, src, o);
  }
  print_plan(plan, "plan");
  if (a.dry_run) {
    if (!plan.refusals.empty()) s.status = exit_findings;
    return;
  }
  if (!plan.refusals.empty()) {
    if (!a.skip_refused) {
      std::vector<violation> why;
      for (const auto& r : plan.refusals) why.push_back(r.why);
      throw error(errc::rule_violation,
                  fmt::format("{} refused row(s), nothing imported (fix them, or pass --skip-refused)", why.size()),
                  why);
    }
    std::set<std::size_t> ci_rows, rel_rows;
    for (const auto& r : plan.refusals) (r.file == "cis" ? ci_rows : rel_rows).insert(r.row);
    src = {without_rows(src.cis_csv, ci_rows), without_rows(src.relationships_csv, rel_rows)};
    std::cout << fmt::format("skipping the refused rows: {} of CIs, {} of relationships\n", ci_rows.size(), rel_rows.size());
  }
  o.dry_run = false;
  progress_meter meter(style, "apply");
  o.progress = [&](const import_progress& p) { meter.update(p.phase, p.done, p.total); };
  const auto done = cmdb.import_csv(who, src, o);
  std::cout << (done.applied ? fmt::format("applied: {} records written in one transaction\n", done.writes())
                             : plan.refusals.empty() ? std::string("nothing to write: the CMDB already holds this\n")
                                                     : std::string("nothing to write: the CMDB already holds the rows that passed\n"));
}

}  // namespace

void add_import_command(CLI::App& app, session& s) {
  auto* imp = app.add_subcommand("import", "Import records into the store");
  imp->require_subcommand(1);
  auto* cis = imp->add_subcommand("cis", "Import CIs (and relationships) from CSV: plan, then apply in one transaction");
  auto a = std::make_shared<import_args>();
  cis->add_option("file", a->cis_file, "CSV of CIs: columns type,name[,field or attribute…] (docs/import.md)")
      ->required();
  cis->add_option("--relationships", a->relationships_file,
                  "CSV of relationships: source_type,source,kind,target_type,target");
  cis->add_option("--identity", a->identity, "How TYPE's CIs are recognised: TYPE=ATTR[,ATTR…] (default: the name)")
      ->allow_extra_args(false);
  cis->add_option("--source", a->source, "The feed this comes from (e.g. discovery): controlled CIs' updates wait as pending items");
  cis->add_option("--reason", a->reason, "Why, audited with every write (default: import of FILE)");
  cis->add_option("--rfc", a->rfc, "The RFC covering the writes (RFC-n), for change-controlled CIs");
  cis->add_flag("--dry-run", a->dry_run, "Show the plan only; write nothing (exit 1 when a row is refused)");
  cis->add_flag("--skip-refused", a->skip_refused, "Import the rows that pass, leaving the refused ones out");
  cis->add_option("--progress", a->progress, "auto (a bar on a terminal, else lines), bar, lines or none");
  cis->callback([&s, a] { run_import(s, *a); });
}

}  // namespace itsm::cli
