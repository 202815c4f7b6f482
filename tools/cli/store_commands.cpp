// itsm init | verify | backup: creating a store, proving it intact, copying it while it runs.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli.hpp"
#include "itsm/storage/sqlite_maintenance.hpp"

namespace itsm::cli {
namespace {

void init(session& s) {
  sms system = s.create();
  const auto v = system.verify_audit();
  std::cout << fmt::format("created {} (policies seeded, audit trail: {} entries)\n", s.store, v.entries);
}

// Both library checks, and SQLite's own check of the file; any finding makes the exit code 1.
void verify(session& s) {
  sms system = s.open();
  const auto v = system.verify(s.who());  // authorized, and a denial audited, by the library
  if (v.trail.ok)
    std::cout << fmt::format("audit trail: ok, {} entries, head {}\n", v.trail.entries, v.trail.head_hash);
  else
    std::cout << fmt::format("audit trail: BROKEN at entry {}: {}\n", v.trail.first_bad_seq, v.trail.problem);
  const auto& r = v.records;
  std::cout << fmt::format("records: {}, {} rows checked through entry {}, {} verified, {} findings\n",
                           r.ok ? "ok" : "FINDINGS", r.records, r.through_seq, r.verified, r.findings.size());
  for (const auto& f : r.findings)
    std::cout << fmt::format("  {} {} {}: {}\n", f.kind, f.id, to_string(f.problem), f.detail);
  bool file_ok = true;
  if (s.is_sqlite()) {
    const auto problems = storage::sqlite_integrity_check(system.unaudited_store());
    file_ok = problems.empty();
    std::cout << (file_ok ? "file: ok\n" : "file: DAMAGED\n");
    for (const auto& p : problems) std::cout << "  " << p << '\n';
  }
  if (!v.ok() || !file_ok) s.status = exit_findings;
}

struct backup_args {
  std::string target;
  bool overwrite = false;
};

void backup(session& s, const std::string& target, bool overwrite) {
  s.require("backup", "store");
  if (!s.is_sqlite()) throw error(errc::unsupported, "backup copies SQLite stores only (docs/cli.md)");
  std::error_code ec;
  if (!overwrite && std::filesystem::exists(target, ec))
    throw error(errc::already_exists, fmt::format("'{}' exists (pass --overwrite to replace it)", target));
  sms system = s.open();
  storage::sqlite_backup_options o;
  o.overwrite = overwrite;
  const auto r = storage::sqlite_backup(system.unaudited_store(), target, o);
  std::cout << fmt::format("backup: {} ({} pages, {} bytes), consistent as of audit entry {}\n", target, r.pages,
                           r.bytes, r.audit_seq);
}

}  // namespace

void add_store_commands(CLI::App& app, session& s) {
  app.add_subcommand("init", "Create a new store (policies seeded with the defaults)")->callback([&s] { init(s); });

  app.add_subcommand("verify", "Check the audit chain, every record against it and the file; exit 1 on any finding")
      ->callback([&s] { verify(s); });

  auto* b = app.add_subcommand("backup", "Copy the SQLite store to FILE, consistent while writers run");
  auto a = std::make_shared<backup_args>();  // the callback owns the parsed arguments
  b->add_option("file", a->target, "Where the copy goes")->required();
  b->add_flag("--overwrite", a->overwrite, "Replace an existing FILE");
  b->callback([&s, a] { backup(s, a->target, a->overwrite); });
}

}  // namespace itsm::cli
