// itsm import cis FILE: the library's CMDB import (process/import.hpp) of CSV or JSON files — plan
// as a dry run, show the plan and every refused row with its R- id, then apply the batch in one
// transaction.
#include <algorithm>
#include <cctype>
#include <iostream>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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
  std::string format = "auto";  // csv, json, or auto: each file by its extension
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

// `text` (a JSON array of rows) without the elements at `indexes`; nullopt when it is not a
// JSON array, so no row of it can be cut out.
std::optional<std::string> without_elements(const std::string& text, const std::set<std::size_t>& indexes) {
  auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_array()) return std::nullopt;
  auto kept = nlohmann::json::array();
  for (std::size_t i = 0; i < doc.size(); ++i)
    if (!indexes.contains(i)) kept.push_back(std::move(doc[i]));
  return kept.dump();
}

bool is_json(const std::string& path, const std::string& format) {
  if (format != "auto") return format == "json";
  std::string ext = path.size() >= 5 ? path.substr(path.size() - 5) : "";
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".json";
}

// One file of the batch, read from `path` into the member of `src` for its format.
struct batch_file {
  std::string path;
  bool json = false;
  std::string& text(import_source& src, bool cis) const {
    if (cis) return json ? src.cis_json : src.cis_csv;
    return json ? src.relationships_json : src.relationships_csv;
  }
};

error refused(const import_plan& plan, const std::string& what) {
  std::vector<violation> why;
  for (const auto& r : plan.refusals) why.push_back(r.why);
  return error(errc::rule_violation, fmt::format("{} refused row(s), nothing imported ({})", why.size(), what), why);
}

// Cuts the refused rows out of one file of `src`. Errors: rule_violation when the file is
// malformed JSON (nothing of it can be trusted, so nothing is imported).
void skip_rows(import_source& src, bool cis, const batch_file& f, const std::set<std::size_t>& rows,
               const import_plan& plan) {
  std::string& text = f.text(src, cis);
  if (rows.empty() || text.empty()) return;
  if (!f.json) {
    text = without_rows(text, rows);
    return;
  }
  auto kept = without_elements(text, rows);
  if (!kept) throw refused(plan, fmt::format("{} is not a JSON array of rows, so --skip-refused cannot cut them out", f.path));
  text = std::move(*kept);
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
  const batch_file cis_file{a.cis_file, is_json(a.cis_file, a.format)};
  const batch_file rel_file{a.relationships_file, is_json(a.relationships_file, a.format)};
  import_source src;
  cis_file.text(src, true) = read_file(a.cis_file);
  if (!a.relationships_file.empty()) rel_file.text(src, false) = read_file(a.relationships_file);
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
    if (!a.skip_refused) throw refused(plan, "fix them, or pass --skip-refused");
    std::set<std::size_t> ci_rows, rel_rows;
    for (const auto& r : plan.refusals) (r.file == "cis" ? ci_rows : rel_rows).insert(r.row);
    skip_rows(src, true, cis_file, ci_rows, plan);
    skip_rows(src, false, rel_file, rel_rows, plan);
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
  auto* cis = imp->add_subcommand("cis", "Import CIs (and relationships) from CSV or JSON: plan, then apply in one transaction");
  auto a = std::make_shared<import_args>();
  cis->add_option("file", a->cis_file, "CSV or JSON of CIs: columns/keys type,name[,field or attribute…] (docs/import.md)")
      ->required();
  cis->add_option("--relationships", a->relationships_file,
                  "CSV or JSON of relationships: source_type,source,kind,target_type,target");
  cis->add_option("--format", a->format, "csv, json, or auto: a file ending in .json is JSON, any other CSV")
      ->check(CLI::IsMember({"auto", "csv", "json"}));
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
