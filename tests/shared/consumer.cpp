// Links against libitsm.so and libitsm_sqlite.so only (never the static layer libraries): opens a
// SQLite store in a real file, records an incident through the write path, reads it back, and
// crosses the library boundary the ways a product does — an event_sink and a clock subclassed
// here, an itsm::error thrown in the library and caught here. A symbol the shared libraries fail
// to export breaks this program's link; a typeinfo or vtable they fail to share breaks its checks.
// Usage: itsm_shared_consumer PATH.db
#include <itsm/core/clock.hpp>
#include <itsm/core/error.hpp>
#include <itsm/core/event.hpp>
#include <itsm/process/sms.hpp>
#include <itsm/storage/registry.hpp>
#include <itsm/storage/sqlite.hpp>

#include <link.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace {

struct fixed_clock final : itsm::clock {
  itsm::timestamp at;
  explicit fixed_clock(itsm::timestamp t) : at(t) {}
  itsm::timestamp now() const override { return at; }
};

struct counting_sink final : itsm::event_sink {
  std::vector<std::string> types;
  void publish(const itsm::event& e) override { types.push_back(e.type); }
};

// True when the shared object `soname` (e.g. "libitsm.so.0") is loaded into this process.
bool loaded(const std::string& soname) {
  auto found = std::make_pair(soname, false);
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* data) {
        auto& [name, yes] = *static_cast<std::pair<std::string, bool>*>(data);
        const std::string path = info->dlpi_name ? info->dlpi_name : "";
        if (path.size() >= name.size() && path.compare(path.size() - name.size(), name.size(), name) == 0 &&
            (path.size() == name.size() || path[path.size() - name.size() - 1] == '/'))
          yes = true;
        return 0;
      },
      &found);
  return found.second;
}

int fail(const std::string& what) {
  std::cerr << "shared consumer: " << what << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return fail("usage: itsm_shared_consumer PATH.db");
  for (const char* lib : {"libitsm.so.0", "libitsm_sqlite.so.0"})
    if (!loaded(lib)) return fail(std::string(lib) + " is not loaded: linked statically?");
  const std::string db = argv[1];
  for (const auto& file : {db, db + "-wal", db + "-shm"}) std::remove(file.c_str());
  try {
    itsm::storage::register_sqlite();
    auto sink = std::make_shared<counting_sink>();
    const auto start = itsm::parse_iso("2026-05-04T09:00:00Z");
    itsm::sms_options options;
    options.time_source = std::make_shared<fixed_clock>(start);
    options.events = sink;
    itsm::sms system(itsm::storage::open("sqlite:" + db), options);
    const itsm::actor slm{"sam", {std::string(itsm::roles::service_level_manager)}};
    const itsm::actor desk{"dana", {std::string(itsm::roles::service_desk)}};
    const auto mail = system.service_level().add_service(
        slm, {.name = "Mail", .description = "mail for all", .status = itsm::model::service_status::live});
    const auto inc = system.incidents().record(
        desk, {.title = "mail is slow", .description = "since 9:00", .impact = 2, .urgency = 2, .service = mail.id});
    const auto found = system.incidents().find(desk, inc.id);
    if (!found || found->title != "mail is slow" || found->opened_at != start)
      return fail("the recorded incident does not read back");
    if (std::find(sink->types.begin(), sink->types.end(), "incident.recorded") == sink->types.end())
      return fail("the event sink defined here did not receive incident.recorded");
    try {  // an error thrown inside libitsm.so, caught by its type here
      system.incidents().resolve(desk, itsm::incident_id(999), "no such incident");
      return fail("resolving a missing incident did not throw");
    } catch (const itsm::error& e) {
      if (e.code() != itsm::errc::not_found) return fail(std::string("unexpected error: ") + e.what());
    }
    const auto audit = system.verify_audit();
    if (!audit.ok) return fail("the audit trail does not verify");
    std::cout << "shared consumer: " << inc.id.key() << " recorded in " << db << ", "
              << sink->types.size() << " events, audit verified (" << audit.entries << " entries)\n";
    return 0;
  } catch (const itsm::error& e) {
    return fail(e.what());
  }
}
