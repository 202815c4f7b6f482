// itsm export: every record of the listed kinds the actor may see, as JSON Lines — one
// itsm.export/1 record document per line (docs/export.md), read page by page through the
// authorized queries.
#include <fstream>
#include <functional>
#include <iostream>

#include <fmt/format.h>

#include "cli.hpp"
#include "itsm/process/export.hpp"

namespace itsm::cli {
namespace {

using exporter = std::function<std::size_t(sms&, const actor&, std::ostream&)>;

template <queryable T>
std::size_t export_all(sms& system, const actor& who, std::ostream& out) {
  query<T> q;
  q.limit(1000);
  std::size_t n = 0;
  for (auto page = system.queries().find(who, q);; page = system.queries().find(who, q.after(page.next_cursor))) {
    for (const auto& record : page.items) out << export_json(record) << '\n';
    n += page.items.size();
    if (page.next_cursor.empty()) return n;
  }
}

// The kinds export covers, in the order it writes them.
const std::vector<std::pair<std::string, exporter>>& exporters() {
  static const std::vector<std::pair<std::string, exporter>> all{
      {"service", export_all<model::service>},
      {"customer", export_all<model::customer>},
      {"configuration_item", export_all<model::configuration_item>},
      {"incident", export_all<model::incident>},
      {"service_request", export_all<model::service_request>},
      {"problem", export_all<model::problem>},
      {"known_error", export_all<model::known_error>},
      {"rfc", export_all<model::rfc>},
      {"release", export_all<model::release>},
  };
  return all;
}

void run_export(session& s, std::vector<std::string> kinds, const std::string& out_file) {
  for (const auto& k : kinds)
    if (std::none_of(exporters().begin(), exporters().end(), [&](const auto& e) { return e.first == k; }))
      throw error(errc::invalid_argument, fmt::format("--kind '{}': not a kind export covers (see itsm export --help)", k));
  const actor who = s.who();
  sms system = s.open();
  std::ofstream file;
  if (!out_file.empty()) file.open(out_file, std::ios::binary | std::ios::trunc);
  std::ostream& out = out_file.empty() ? std::cout : file;
  std::vector<std::string> counts;
  for (const auto& [kind, write] : exporters())
    if (kinds.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end())
      counts.push_back(fmt::format("{} {}", write(system, who, out), kind));
  out.flush();
  if (!out) throw error(errc::unavailable, fmt::format("cannot write '{}'", out_file.empty() ? "stdout" : out_file));
  std::cerr << fmt::format("exported {}\n", fmt::join(counts, ", "));
}

}  // namespace

void add_export_command(CLI::App& app, session& s) {
  auto* exp = app.add_subcommand("export", "Every record of the chosen kinds as JSON Lines (schema itsm.export/1)");
  auto kinds = std::make_shared<std::vector<std::string>>();
  auto out = std::make_shared<std::string>();
  std::string names;
  for (const auto& e : exporters()) names += (names.empty() ? "" : ", ") + e.first;
  exp->add_option("--kind", *kinds, "Only this kind; repeatable. Kinds: " + names)->allow_extra_args(false);
  exp->add_option("--out", *out, "Write to this file instead of stdout");
  exp->callback([&s, kinds, out] { run_export(s, *kinds, *out); });
}

}  // namespace itsm::cli
