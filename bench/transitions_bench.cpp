// bench/run transitions [--quick] [--keep]
// Incident workflow in autocommit on SQLite: N incidents each go record -> assign -> start_work
// -> resolve -> close, one operation per transaction, through the whole write path (rules,
// authorization, ticket log, audit hash chain). Reported separately for recording and for the
// four transitions, against a hand-written program on the raw SQLite C API doing the essential
// work of the same operations in the same run, on its own file in the same directory:
//   record:      insert the ticket row, insert one log row, append one hash-chained audit row;
//   transition:  update the ticket row (the columns that change), insert one log row, append one
//                hash-chained audit row (SHA-256 over the previous hash and the row's fields).
// The reference's tables are the library's own (DDL and indexes copied from the library's file),
// with the same pragmas (WAL, synchronous=NORMAL, foreign_keys=ON) and prepared statements.
// What the reference does NOT do: authorization, rules and invariants, priority matrix, SLA
// lookup, reading the ticket before changing it, optimistic revision checks, one audit entry per
// log row, JSON diffs of the whole record, events and their outbox, escalation bookkeeping, and
// the full-text index of the ticket's texts. The ratio is the cost of all that over the minimum.
// ratio= is wall clock (library ops/s / reference ops/s); cpu_ratio= is the same in process CPU
// time (user + system), steadier on a loaded machine. Both are medians over the rounds.
#include <openssl/evp.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/sqlite.hpp"

namespace fs = std::filesystem;
using namespace itsm;
using itsm::bench::seconds_since;

namespace {

void check(int rc, sqlite3* db, const char* what) { itsm::bench::sqlite_check(rc, db, "transitions", what); }

const char* const groups[] = {"network", "desktop", "database", "apps", "security"};

model::incident draft(std::size_t i) {
  model::incident d;
  d.title = "incident " + std::to_string(i) + ": user reports a problem with their workstation";
  d.impact = 1 + static_cast<int>(i % 3);
  d.urgency = 1 + static_cast<int>((i / 3) % 3);
  d.category = groups[i % 5];
  d.assignment_group = groups[(i / 5) % 5];
  d.caller = "user" + std::to_string(i % 5000);
  return d;
}

// Process CPU time (user + system): steadier than wall time on a shared machine, where the
// run queue, not the work, decides much of the wall clock.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct timing {
  double record_s = 0, transition_s = 0;          // wall
  double record_cpu = 0, transition_cpu = 0;      // CPU
};

// The library: every incident recorded first (its own timer), then each one taken through the
// four transitions (the other timer), one operation per transaction.
timing run_library(const fs::path& file, std::size_t n) {
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  std::shared_ptr<storage::backend> store = storage::make_sqlite_backend(file.string());
  sms system(store, sms_options{clk, std::make_shared<allow_all>(), nullptr, {}});
  const actor desk{"desk", {std::string(roles::service_desk)}};
  auto& inc = system.incidents();
  std::vector<incident_id> ids;
  ids.reserve(n);
  timing t;
  auto t0 = std::chrono::steady_clock::now();
  double c0 = cpu_seconds();
  for (std::size_t i = 0; i < n; ++i) ids.push_back(inc.record(desk, draft(i)).id);
  t.record_s = seconds_since(t0);
  t.record_cpu = cpu_seconds() - c0;
  t0 = std::chrono::steady_clock::now();
  c0 = cpu_seconds();
  for (std::size_t i = 0; i < n; ++i) {
    inc.assign(desk, ids[i], groups[i % 5], "agent" + std::to_string(i % 40));
    inc.start_work(desk, ids[i]);
    inc.resolve(desk, ids[i], "restarted the service");
    inc.close(desk, ids[i]);
  }
  t.transition_s = seconds_since(t0);
  t.transition_cpu = cpu_seconds() - c0;
  return t;
}

// The DDL of the library's incident, ticket log and audit tables and their indexes.
std::string library_ddl(const fs::path& file) {
  sqlite3* db = nullptr;
  check(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), db, "open library file");
  sqlite3_stmt* st = nullptr;
  check(sqlite3_prepare_v2(db,
                           // Tables and indexes; the full-text triggers are left out (they name
                           // FTS5 tables the reference does not have): the reference does less.
                           "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND type <> 'trigger' AND tbl_name IN "
                           "('incident', 'ticket_event', '_itsm_audit') ORDER BY type DESC, name",
                           -1, &st, nullptr),
        db, "schema");
  std::string ddl;
  while (sqlite3_step(st) == SQLITE_ROW) ddl += std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) + ";\n";
  sqlite3_finalize(st);
  sqlite3_close(db);
  return ddl;
}

class reference {
 public:
  reference(const fs::path& file, const std::string& ddl) {
    check(sqlite3_open(file.c_str(), &db_), db_, "open");
    check(sqlite3_exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", nullptr,
                       nullptr, nullptr),
          db_, "pragmas");
    check(sqlite3_exec(db_, ddl.c_str(), nullptr, nullptr, nullptr), db_, "ddl");
    // The ticket insert names every column of the library's table (NOT NULL ones get a value).
    sqlite3_stmt* st = nullptr;
    check(sqlite3_prepare_v2(db_, "SELECT name, type, \"notnull\" FROM pragma_table_info('incident') ORDER BY cid",
                             -1, &st, nullptr),
          db_, "table_info");
    std::string cols, params;
    int i = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
      const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      const std::string type = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
      columns_.push_back({name, type == "INTEGER" ? 0 : type == "REAL" ? 1 : 2, sqlite3_column_int(st, 2) != 0});
      cols += (i ? ", \"" : "\"") + name + "\"";
      params += (i ? ", ?" : "?") + std::to_string(i + 1);
      ++i;
    }
    sqlite3_finalize(st);
    insert_ticket_ = prepare("INSERT INTO \"incident\" (" + cols + ") VALUES (" + params + ")");
    update_ticket_ = prepare(
        "UPDATE \"incident\" SET \"revision\" = ?2, \"state\" = ?3, \"assignee\" = ?4, \"resolution\" = ?5, "
        "\"resolved_at\" = ?6, \"closed_at\" = ?7 WHERE \"id\" = ?1");
    insert_log_ = prepare(
        "INSERT INTO \"ticket_event\" (\"id\", \"revision\", \"ticket\", \"seq\", \"at\", \"type\", \"from\", \"to\", "
        "\"detail\", \"actor\") VALUES (?1, 1, ?2, ?3, ?4, 'state', ?5, ?6, ?7, ?8)");
    insert_audit_ = prepare(
        "INSERT INTO \"_itsm_audit\" (\"at\", \"actor\", \"action\", \"kind\", \"object_id\", \"revision\", "
        "\"outcome\", \"changes\", \"reason\", \"reference\", \"prev_hash\", \"hash\") "
        "VALUES (?1, ?2, ?3, 'incident', ?4, ?5, 'ok', ?6, '', '', ?7, ?8)");
    md_ = EVP_MD_CTX_new();
    sha256_ = EVP_MD_fetch(nullptr, "SHA256", nullptr);  // once, as the library does (OpenSSL 3)
  }
  ~reference() {
    for (auto* st : {insert_ticket_, update_ticket_, insert_log_, insert_audit_}) sqlite3_finalize(st);
    sqlite3_close(db_);
    EVP_MD_CTX_free(md_);
    EVP_MD_free(sha256_);
  }

  void record(std::size_t i, const std::string& at) {
    begin();
    const auto d = draft(i);
    const auto key = "INC-" + std::to_string(i + 1);
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const auto& col = columns_[c];
      const int p = static_cast<int>(c + 1);
      if (col.name == "id") bind(insert_ticket_, p, key);
      else if (col.name == "revision") sqlite3_bind_int64(insert_ticket_, p, 1);
      else if (col.name == "title") bind(insert_ticket_, p, d.title);
      else if (col.name == "state") bind(insert_ticket_, p, "recorded");
      else if (col.name == "impact") sqlite3_bind_int(insert_ticket_, p, d.impact);
      else if (col.name == "urgency") sqlite3_bind_int(insert_ticket_, p, d.urgency);
      else if (col.name == "priority") sqlite3_bind_int(insert_ticket_, p, d.impact + d.urgency - 1);
      else if (col.name == "category") bind(insert_ticket_, p, d.category);
      else if (col.name == "assignment_group") bind(insert_ticket_, p, d.assignment_group);
      else if (col.name == "caller") bind(insert_ticket_, p, d.caller);
      else if (col.name == "opened_at") bind(insert_ticket_, p, at);
      else if (!col.not_null) sqlite3_bind_null(insert_ticket_, p);
      else if (col.type == 0) sqlite3_bind_int(insert_ticket_, p, 0);
      else if (col.type == 1) sqlite3_bind_double(insert_ticket_, p, 0);
      else bind(insert_ticket_, p, "");
    }
    step(insert_ticket_, "insert ticket");
    log(key, 1, at, "", "recorded", "");
    audit(at, "record", key, 1,
          "{\"title\":[null,\"" + d.title + "\"],\"state\":[null,\"recorded\"],\"category\":[null,\"" + d.category +
              "\"],\"caller\":[null,\"" + d.caller + "\"]}");
    commit();
  }

  // One transition: revision r -> r + 1, log row seq r + 1.
  void transition(std::size_t i, int revision, const std::string& at, const char* action, const char* from,
                  const char* to, const std::string& assignee) {
    begin();
    const auto key = "INC-" + std::to_string(i + 1);
    bind(update_ticket_, 1, key);
    sqlite3_bind_int(update_ticket_, 2, revision + 1);
    bind(update_ticket_, 3, to);
    bind(update_ticket_, 4, assignee);
    bind(update_ticket_, 5, std::strcmp(to, "resolved") == 0 || std::strcmp(to, "closed") == 0 ? "restarted the service" : "");
    bind(update_ticket_, 6, std::strcmp(to, "resolved") == 0 || std::strcmp(to, "closed") == 0 ? at : "");
    bind(update_ticket_, 7, std::strcmp(to, "closed") == 0 ? at : "");
    step(update_ticket_, "update ticket");
    log(key, revision + 1, at, from, to, assignee);
    audit(at, action, key, revision + 1, std::string("{\"state\":[\"") + from + "\",\"" + to + "\"]}");
    commit();
  }

 private:
  struct column {
    std::string name;
    int type;  // 0 integer, 1 real, 2 text
    bool not_null;
  };

  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    check(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), db_, sql.c_str());
    return st;
  }
  static void bind(sqlite3_stmt* st, int p, const std::string& s) {
    sqlite3_bind_text(st, p, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  void step(sqlite3_stmt* st, const char* what) {
    check(sqlite3_step(st), db_, what);
    sqlite3_reset(st);
  }
  void begin() { check(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db_, "begin"); }
  void commit() { check(sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr), db_, "commit"); }

  void log(const std::string& ticket, int seq, const std::string& at, const char* from, const char* to,
           const std::string& detail) {
    char key[64];
    std::snprintf(key, sizeof key, "%s/%06d", ticket.c_str(), seq);
    bind(insert_log_, 1, key);
    bind(insert_log_, 2, ticket);
    sqlite3_bind_int(insert_log_, 3, seq);
    bind(insert_log_, 4, at);
    bind(insert_log_, 5, from);
    bind(insert_log_, 6, to);
    bind(insert_log_, 7, detail);
    bind(insert_log_, 8, "desk");
    step(insert_log_, "insert log");
  }

  // SHA-256 over the previous hash and the entry's fields, hex encoded, chained.
  void audit(const std::string& at, const char* action, const std::string& key, int revision,
             const std::string& changes) {
    const std::string rev = std::to_string(revision);
    EVP_DigestInit_ex(md_, sha256_, nullptr);
    for (const std::string& part : {prev_, at, std::string("desk"), std::string(action), std::string("incident"), key,
                                    rev, changes}) {
      EVP_DigestUpdate(md_, part.data(), part.size());
      EVP_DigestUpdate(md_, "\n", 1);
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(md_, md, &len);
    static const char* hex = "0123456789abcdef";
    std::string hash(2 * len, '0');
    for (unsigned i = 0; i < len; ++i) hash[2 * i] = hex[md[i] >> 4], hash[2 * i + 1] = hex[md[i] & 15];
    bind(insert_audit_, 1, at);
    bind(insert_audit_, 2, "desk");
    bind(insert_audit_, 3, action);
    bind(insert_audit_, 4, key);
    sqlite3_bind_int(insert_audit_, 5, revision);
    bind(insert_audit_, 6, changes);
    bind(insert_audit_, 7, prev_);
    bind(insert_audit_, 8, hash);
    step(insert_audit_, "insert audit");
    prev_ = std::move(hash);
  }

  sqlite3* db_ = nullptr;
  EVP_MD_CTX* md_ = nullptr;
  EVP_MD* sha256_ = nullptr;
  std::vector<column> columns_;
  sqlite3_stmt* insert_ticket_ = nullptr;
  sqlite3_stmt* update_ticket_ = nullptr;
  sqlite3_stmt* insert_log_ = nullptr;
  sqlite3_stmt* insert_audit_ = nullptr;
  std::string prev_;
};

timing run_reference(const fs::path& file, const std::string& ddl, std::size_t n) {
  reference ref(file, ddl);
  const std::string at = "2026-03-02T08:00:00.000000Z";
  timing t;
  auto t0 = std::chrono::steady_clock::now();
  double c0 = cpu_seconds();
  for (std::size_t i = 0; i < n; ++i) ref.record(i, at);
  t.record_s = seconds_since(t0);
  t.record_cpu = cpu_seconds() - c0;
  t0 = std::chrono::steady_clock::now();
  c0 = cpu_seconds();
  for (std::size_t i = 0; i < n; ++i) {
    const std::string agent = "agent" + std::to_string(i % 40);
    ref.transition(i, 1, at, "transition:assign", "recorded", "assigned", agent);
    ref.transition(i, 2, at, "transition:start", "assigned", "in_progress", agent);
    ref.transition(i, 3, at, "transition:resolve", "in_progress", "resolved", agent);
    ref.transition(i, 4, at, "transition:close", "resolved", "closed", agent);
  }
  t.transition_s = seconds_since(t0);
  t.transition_cpu = cpu_seconds() - c0;
  return t;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // one BENCH line at a time, even into a pipe
  bool quick = false, keep = false;  // --keep: leave the last round's files for inspection
  for (int i = 1; i < argc; ++i) {
    quick = quick || std::strcmp(argv[i], "--quick") == 0;
    keep = keep || std::strcmp(argv[i], "--keep") == 0;
  }
  const std::size_t n = quick ? 300 : 5'000;
  const int rounds = quick ? 1 : 3;  // alternating library / reference; medians reported
  storage::register_sqlite();
  const fs::path dir = fs::temp_directory_path() / ("itsm-transitions-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);

  std::vector<double> lib_rec, lib_tr, ref_rec, ref_tr;  // wall ops/s
  std::vector<double> cpu_rec, cpu_tr;                   // CPU ratio (reference CPU / library CPU)
  for (int r = 0; r < rounds; ++r) {
    const auto lib_file = dir / ("lib-" + std::to_string(r) + ".db");
    const auto raw_file = dir / ("raw-" + std::to_string(r) + ".db");
    const auto lib = run_library(lib_file, n);
    const auto ref = run_reference(raw_file, library_ddl(lib_file), n);
    lib_rec.push_back(n / lib.record_s);
    lib_tr.push_back(4 * n / lib.transition_s);
    ref_rec.push_back(n / ref.record_s);
    ref_tr.push_back(4 * n / ref.transition_s);
    cpu_rec.push_back(ref.record_cpu / lib.record_cpu);
    cpu_tr.push_back(ref.transition_cpu / lib.transition_cpu);
    if (keep && r + 1 == rounds) break;
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  const double lr = median(lib_rec), lt = median(lib_tr), rr = median(ref_rec), rt = median(ref_tr);
  // ratio: wall clock (library ops/s over reference ops/s); cpu_ratio: the same in CPU time.
  std::printf("BENCH transitions.record mode=transaction_per_operation incidents=%zu rounds=%d ops_per_s=%.0f "
              "us_per_op=%.1f raw_ops_per_s=%.0f raw_us_per_op=%.1f cpu_ratio=%.3f ratio=%.3f\n",
              n, rounds, lr, 1e6 / lr, rr, 1e6 / rr, median(cpu_rec), lr / rr);
  std::printf("BENCH transitions.workflow mode=transaction_per_operation transitions=%zu rounds=%d ops_per_s=%.0f "
              "us_per_op=%.1f raw_ops_per_s=%.0f raw_us_per_op=%.1f cpu_ratio=%.3f ratio=%.3f\n",
              4 * n, rounds, lt, 1e6 / lt, rt, 1e6 / rt, median(cpu_tr), lt / rt);
  if (keep) std::fprintf(stderr, "transitions: files kept in %s\n", dir.c_str());
  else fs::remove_all(dir);
  return 0;
}
