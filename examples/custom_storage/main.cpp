// custom_storage: a storage adapter written outside the library (log_backend.cpp) serving the
// same SPI as the built-in ones. Writes two CIs and an audit entry, reopens the log, reads back.
// Usage: custom_storage [log-file]   (default: ./custom_storage.log, removed first)
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "itsm/core/error.hpp"
#include "log_backend.hpp"

using namespace itsm;
using namespace itsm::storage;

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "custom_storage.log";
  std::filesystem::remove(path);
  schema ci;
  ci.kind = "ci";
  ci.fields = {{"name", value_type::text, false}, {"status", value_type::text, true}};
  ci.indexes = {{"by_status", {"status"}}};
  {
    auto store = custom_storage::open_log_backend(path);
    store->register_schema(ci);
    auto tx = store->begin(tx_mode::read_write);
    tx->put("ci", record{"CI-1", 0, {value("mail server"), value("live")}});
    tx->put("ci", record{"CI-2", 0, {value("backup server"), value("planned")}});
    audit_record e;
    e.seq = 1;
    e.at = parse_iso("2026-03-01T08:00:00Z");
    e.actor = "ada", e.action = "create", e.kind = "ci", e.object_id = "CI-1", e.revision = 1, e.outcome = "applied";
    tx->append_audit(e);
    tx->commit();
    auto abandoned = store->begin(tx_mode::read_write);  // never committed: leaves no trace
    abandoned->put("ci", record{"CI-3", 0, {value("ghost"), value("live")}});
  }
  auto store = custom_storage::open_log_backend(path);  // replays the log
  auto tx = store->begin(tx_mode::read_only);
  query live;
  live.kind = "ci";
  live.where_eq("status", "live");
  const auto found = tx->scan(live);
  for (const auto& r : found) std::cout << r.id << " " << r.values[0].as_text() << " (revision " << r.revision << ")\n";
  const auto trail = tx->scan_audit({});
  std::cout << trail.size() << " audit entry; CI-3 " << (tx->get("ci", "CI-3") ? "present" : "absent") << "\n";
  const bool ok = found.size() == 1 && found[0].id == "CI-1" && trail.size() == 1 && !tx->get("ci", "CI-3");
  std::filesystem::remove(path);
  return ok ? 0 : 1;
}
