// itsm — the command-line tool over an itsm store (docs/cli.md). Every error is one line on
// stderr ("itsm: <code>: <what>", with the violated R- ids) and a non-zero exit code.
#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "cli.hpp"

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text + ",") {
    if (c != ',') item += c;
    else if (!item.empty()) out.push_back(std::exchange(item, {}));
  }
  return out;
}

// One line: the message with line breaks flattened, and any violated rule not named in it yet.
std::string one_line(const itsm::error& e) {
  std::string text = e.what();
  for (const auto& v : e.violations())
    if (text.find(v.rule) == std::string::npos) text += " [" + v.rule + "]";
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace itsm::cli;
  session s{.store = env("ITSM_STORE"), .actor_name = env("ITSM_ACTOR"),
            .roles = split_commas(env("ITSM_ROLES")), .customer = env("ITSM_CUSTOMER")};

  CLI::App app{"itsm — work with an itsm service-management store (docs/cli.md)", "itsm"};
  app.require_subcommand(1);
#ifdef ITSM_CLI_POSTGRES
  const char* uris = "sqlite:…, postgresql://…";
#else
  const char* uris = "sqlite:…; built without libpq";
#endif
  app.add_option("-s,--store", s.store, fmt::format("Store: a file path (SQLite) or a URI ({}) [env ITSM_STORE]", uris));
  app.add_option("--actor", s.actor_name, "Who acts (audited as is) [env ITSM_ACTOR]");
  app.add_option("--role", s.roles, "A role of the actor; repeat for several [env ITSM_ROLES, comma-separated]")
      ->allow_extra_args(false);
  app.add_option("--customer", s.customer, "The customer (CUS-n) the actor is a user of [env ITSM_CUSTOMER]");

  add_store_commands(app, s);
  add_import_command(app, s);
  add_ticket_commands(app, s);
  add_cmdb_commands(app, s);
  add_report_commands(app, s);
  add_export_command(app, s);

  try {
    app.parse(argc, argv);
    return s.status;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "itsm: usage: " << e.what() << " (see itsm --help)\n";
    return exit_usage;
  } catch (const itsm::error& e) {
    std::cerr << "itsm: " << one_line(e) << '\n';
    return exit_error;
  } catch (const std::exception&) {
    // Anything else is a bug in this tool: its text is not ours to show.
    std::cerr << "itsm: internal error (not an itsm::error); please report it\n";
    return exit_error;
  }
}
