// itsm report | conformance: the service report of a month and the ISO/IEC 20000-1 conformance
// check, computed from one authorized read snapshot (report/).
#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "cli.hpp"
#include "itsm/report/conformance.hpp"
#include "itsm/report/render.hpp"

namespace itsm::cli {
namespace {

// "2026-05" → [2026-05-01T00:00:00Z, 2026-06-01T00:00:00Z).
period month_of(const std::string& text) {
  const bool shape = text.size() == 7 && text[4] == '-' &&
                     std::all_of(text.begin(), text.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  const int year = shape ? std::stoi(text.substr(0, 4)) : 0;
  const int month = shape ? std::stoi(text.substr(5, 2)) : 0;
  if (!shape || month < 1 || month > 12 || year < 1400 || year > 9998)
    throw error(errc::invalid_argument, fmt::format("--period '{}': use a month, YYYY-MM", text));
  const auto start = fmt::format("{:04}-{:02}-01T00:00:00Z", year, month);
  const auto end = month == 12 ? fmt::format("{:04}-01-01T00:00:00Z", year + 1)
                               : fmt::format("{:04}-{:02}-01T00:00:00Z", year, month + 1);
  return {parse_iso(start), parse_iso(end)};
}

std::string this_month(const sms& system) { return to_iso(system.time_source().now()).substr(0, 7); }

// The snapshot a period's figures come from: at its end, or now for the running month.
store_snapshot snapshot_for(sms& system, const actor& who, const period& p) {
  return system.reports().snapshot(who, std::min(p.end, system.time_source().now()));
}

struct report_args {
  std::string period, scope = "all", html, json, markdown;
  bool with_conformance = false;
};

void run_report(session& s, const report_args& a) {
  const actor who = s.who();
  sms system = s.open();
  const period p = month_of(a.period.empty() ? this_month(system) : a.period);
  const auto snap = snapshot_for(system, who, p);
  const auto r = report::build(snap, {.covered = p, .scope = a.scope});
  std::optional<report::conformance_statement> statement;
  if (a.with_conformance) statement = report::check_conformance(snap, p, system.verify());
  if (!a.html.empty()) write_file(a.html, report::to_html(r, statement ? &*statement : nullptr));
  if (!a.json.empty()) write_file(a.json, report::to_json(r));
  if (!a.markdown.empty()) write_file(a.markdown, report::to_markdown(r));
  if (a.html.empty() && a.json.empty() && a.markdown.empty()) {
    std::cout << report::to_markdown(r);
    return;
  }
  for (const auto* f : {&a.html, &a.json, &a.markdown})
    if (!f->empty()) std::cout << fmt::format("wrote {}\n", *f);
}

void run_conformance(session& s, const std::string& month, const std::string& format) {
  const actor who = s.who();
  sms system = s.open();
  const period p = month_of(month.empty() ? this_month(system) : month);
  const auto st = report::check_conformance(snapshot_for(system, who, p), p, system.verify());
  if (!st.conforms()) s.status = exit_findings;
  if (format == "json") {
    std::cout << report::to_json(st) << '\n';
    return;
  }
  if (format == "markdown") {
    std::cout << report::to_markdown(st);
    return;
  }
  std::vector<std::vector<std::string>> rows{{"CLAUSE", "CONFORMS", "NONCONFORMITIES", "NO EVIDENCE", "N/A", "UNCHECKED"}};
  for (const auto& c : st.clauses)
    rows.push_back({c.clause, std::to_string(c.conforms), std::to_string(c.nonconformities),
                    std::to_string(c.no_evidence), std::to_string(c.not_applicable), std::to_string(c.unchecked)});
  print_table(rows);
  for (const auto& c : st.results)
    if (c.outcome == report::verdict::nonconformity)
      std::cout << fmt::format("nonconformity {}: {}{}\n", c.requirement, c.summary,
                               c.records.empty() ? "" : fmt::format(" ({})", fmt::join(c.records, ", ")));
  std::cout << fmt::format("{} {}: {}\n", to_iso(p.start).substr(0, 7), st.conforms() ? "conforms" : "NONCONFORMITIES",
                           st.conforms() ? "no nonconformity found" : "see above");
}

}  // namespace

void add_report_commands(CLI::App& app, session& s) {
  auto* rep = app.add_subcommand("report", "The service report of a month (Markdown on stdout, or files)");
  auto a = std::make_shared<report_args>();
  rep->add_option("--period", a->period, "The month, YYYY-MM (default: this month)");
  rep->add_option("--scope", a->scope, "all, service:SVC-n or customer:CUS-n");
  rep->add_option("--html", a->html, "Write the HTML page (inline SVG charts) to this file");
  rep->add_option("--json", a->json, "Write the JSON (schema itsm.report/1) to this file");
  rep->add_option("--markdown", a->markdown, "Write the Markdown to this file");
  rep->add_flag("--with-conformance", a->with_conformance, "Add the conformance statement to the HTML page");
  rep->callback([&s, a] { run_report(s, *a); });

  auto* conf = app.add_subcommand("conformance", "The ISO/IEC 20000-1 conformance check of a month; exit 1 on a nonconformity");
  auto month = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  conf->add_option("--period", *month, "The month, YYYY-MM (default: this month)");
  conf->add_option("--format", *format, "text, markdown or json (schema itsm.conformance/1)")
      ->check(CLI::IsMember({"text", "markdown", "json"}));
  conf->callback([&s, month, format] { run_conformance(s, *month, *format); });
}

}  // namespace itsm::cli
