// The `itsm` command-line tool (docs/cli.md): what its command groups share — the session (store
// URI and actor from the command line or the environment), opening the store, one-line errors
// and plain text tables. Not part of the library's API.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "itsm/core/actor.hpp"
#include "itsm/process/sms.hpp"

namespace itsm::cli {

// Exit codes (docs/cli.md).
inline constexpr int exit_ok = 0;
inline constexpr int exit_findings = 1;  // verify or conformance found a problem; an import was refused
inline constexpr int exit_usage = 2;     // the command line is wrong
inline constexpr int exit_error = 3;     // the library refused or failed (itsm::error)

// What every command needs, filled from the global options and the environment.
struct session {
  std::string store;               // --store / ITSM_STORE: a URI, or a bare path meaning SQLite
  std::string actor_name;          // --actor / ITSM_ACTOR
  std::vector<std::string> roles;  // --role (repeatable) / ITSM_ROLES (comma-separated)
  std::string customer;            // --customer / ITSM_CUSTOMER: a customer's user ("CUS-3")
  int status = exit_ok;            // what main returns when the command ran to its end

  // The acting user. Errors: invalid_argument when no actor was given.
  actor who() const;
  // Opens the existing store (a missing SQLite file is not_found, never created). The sms uses
  // role_policy::defaults(), which policy() also answers from.
  sms open() const;
  // Creates a new store; already_exists when the SQLite file is there.
  sms create() const;
  // True when the store is an SQLite file (backup and the file's integrity check apply).
  bool is_sqlite() const;
  // Asks the default policy whether `who()` may do `action` on `kind`, for operations whose
  // library call takes no actor (verify, backup). Errors: permission_denied.
  void require(std::string_view action, std::string_view kind) const;
};

// Command groups: each adds its subcommands to `app`; their callbacks use `s`.
void add_store_commands(CLI::App& app, session& s);   // init, verify, backup
void add_import_command(CLI::App& app, session& s);   // import cis
void add_ticket_commands(CLI::App& app, session& s);  // incidents …, show
void add_cmdb_commands(CLI::App& app, session& s);    // types …, services …, impact, map
void add_report_commands(CLI::App& app, session& s);  // report, conformance
void add_export_command(CLI::App& app, session& s);   // export

// Prints rows as left-aligned columns separated by two spaces (the first row is the header).
void print_table(const std::vector<std::vector<std::string>>& rows);
// Writes `text` to `path`, replacing it. Errors: unavailable naming the path.
void write_file(const std::string& path, const std::string& text);
// Reads the whole file. Errors: not_found / unavailable naming the path.
std::string read_file(const std::string& path);

}  // namespace itsm::cli
