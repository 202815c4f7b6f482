// bench/run ingest [--quick]
// Ingest of incidents through the whole write path (rules, authorization, audit hash chain, ticket
// log) into SQLite, against the same rows written through the raw SQLite C API in the same run:
//   1. bulk: all incidents in one transaction (incident_management::record_batch);
//   2. autocommit: one operation per transaction (incident_management::record).
// The reference copies exactly the rows the library wrote (read back from the library's file,
// every table it touched, same DDL and pragmas) into a fresh file with prepared statements, and
// recomputes a SHA-256 chain over the audit rows, so it does the same storage and hashing work
// without the library's rules, encoding and bookkeeping. Also prints the memory adapter's rate.
#include <openssl/evp.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "incident_drafts.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"
#include "itsm/storage/sqlite.hpp"

namespace fs = std::filesystem;
using namespace itsm;

namespace {

using itsm::bench::seconds_since;
using itsm::bench::incident_drafts;


void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "ingest: %s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}


sms open_library(const fs::path& file, std::shared_ptr<manual_clock> clk) {
  std::shared_ptr<storage::backend> store = storage::make_sqlite_backend(file.string());
  return sms(store, sms_options{clk, std::make_shared<allow_all>(), nullptr, {}});
}

// One table's rows as read from the library's file: column count and every value as SQLite
// stored it (integers, reals, text, blobs, nulls keep their storage class).
struct table_rows {
  std::string name;
  std::string insert_sql;
  int columns = 0;
  std::vector<sqlite3_value*> values;  // rows * columns, owned (sqlite3_value_dup)
};

std::vector<table_rows> read_tables(sqlite3* db, std::string& ddl) {
  std::vector<table_rows> out;
  sqlite3_stmt* st = nullptr;
  // Tables, then indexes, then triggers (the full-text tables' triggers name their tables); FTS5's
  // shadow tables come with their virtual table, and the triggers fill it as rows go in.
  check(sqlite3_prepare_v2(db,
                           "SELECT m.type, m.name, m.sql FROM sqlite_master m LEFT JOIN pragma_table_list tl "
                           "ON tl.name = m.name AND tl.schema = 'main' WHERE m.sql IS NOT NULL "
                           "AND coalesce(tl.type, '') <> 'shadow' "
                           "ORDER BY CASE m.type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, m.name",
                           -1, &st, nullptr), db, "schema");
  std::vector<std::string> tables;
  while (sqlite3_step(st) == SQLITE_ROW) {
    ddl += reinterpret_cast<const char*>(sqlite3_column_text(st, 2));
    ddl += ";\n";
    if (std::strcmp(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "table") == 0 &&
        std::strncmp(reinterpret_cast<const char*>(sqlite3_column_text(st, 2)), "CREATE VIRTUAL", 14) != 0)
      tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
  }
  sqlite3_finalize(st);
  for (const auto& t : tables) {
    table_rows tr;
    tr.name = t;
    check(sqlite3_prepare_v2(db, ("SELECT * FROM \"" + t + "\"").c_str(), -1, &st, nullptr), db, "select");
    tr.columns = sqlite3_column_count(st);
    while (sqlite3_step(st) == SQLITE_ROW)
      for (int c = 0; c < tr.columns; ++c) tr.values.push_back(sqlite3_value_dup(sqlite3_column_value(st, c)));
    sqlite3_finalize(st);
    tr.insert_sql = "INSERT INTO \"" + t + "\" VALUES (";
    for (int c = 0; c < tr.columns; ++c) tr.insert_sql += c ? ",?" : "?";
    tr.insert_sql += ")";
    out.push_back(std::move(tr));
  }
  return out;
}

sqlite3* open_raw(const fs::path& file, const std::string& ddl) {
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", nullptr, nullptr, nullptr), db, "pragmas");
  check(sqlite3_exec(db, ddl.c_str(), nullptr, nullptr, nullptr), db, "ddl");
  return db;
}

// SHA-256 over the previous hash and the row's bytes: the reference's share of the audit chain.
std::string chain_hash(EVP_MD_CTX* ctx, const std::string& prev, sqlite3_value** row, int columns) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx, prev.data(), prev.size());
  for (int c = 0; c < columns; ++c) {
    const void* p = sqlite3_value_blob(row[c]);
    EVP_DigestUpdate(ctx, p, static_cast<std::size_t>(sqlite3_value_bytes(row[c])));
  }
  EVP_DigestFinal_ex(ctx, md, &len);
  static const char* hex = "0123456789abcdef";
  std::string out(2 * len, '0');
  for (unsigned i = 0; i < len; ++i) out[2 * i] = hex[md[i] >> 4], out[2 * i + 1] = hex[md[i] & 15];
  return out;
}

// Inserts rows [from, to) of every table; one transaction per `group` incidents' worth of rows
// when autocommit (rows are split evenly per table), else one transaction for all.
std::size_t insert_rows(sqlite3* db, std::vector<table_rows>& tables, std::size_t parts) {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  std::vector<sqlite3_stmt*> stmts;
  for (auto& t : tables) {
    sqlite3_stmt* st = nullptr;
    check(sqlite3_prepare_v2(db, t.insert_sql.c_str(), -1, &st, nullptr), db, "prepare insert");
    stmts.push_back(st);
  }
  std::string prev;
  std::size_t rows = 0;
  for (std::size_t part = 0; part < parts; ++part) {
    check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
    for (std::size_t t = 0; t < tables.size(); ++t) {
      auto& tr = tables[t];
      const std::size_t n = tr.values.size() / static_cast<std::size_t>(tr.columns);
      const std::size_t from = n * part / parts, to = n * (part + 1) / parts;
      const bool audit = tr.name == "_itsm_audit";
      for (std::size_t r = from; r < to; ++r) {
        sqlite3_value** row = &tr.values[r * static_cast<std::size_t>(tr.columns)];
        if (audit) prev = chain_hash(md, prev, row, tr.columns);
        for (int c = 0; c < tr.columns; ++c) sqlite3_bind_value(stmts[t], c + 1, row[c]);
        check(sqlite3_step(stmts[t]), db, "insert");
        sqlite3_reset(stmts[t]);
        ++rows;
      }
    }
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  }
  for (auto* st : stmts) sqlite3_finalize(st);
  EVP_MD_CTX_free(md);
  return rows;
}

struct run_result {
  double lib_s = 0, raw_s = 0;
  std::size_t rows = 0;
};

run_result compare(const fs::path& dir, const std::string& tag, std::size_t n, bool autocommit) {
  const auto lib_file = dir / (tag + "-lib.db"), raw_file = dir / (tag + "-raw.db");
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  const actor desk{"desk", {std::string(roles::service_desk)}};
  auto work = incident_drafts(n, 42);
  run_result res;
  {
    auto system = open_library(lib_file, clk);
    const auto t0 = std::chrono::steady_clock::now();
    if (autocommit) {
      for (auto& d : work) system.incidents().record(desk, std::move(d));
    } else {
      system.incidents().record_batch(desk, std::move(work));
    }
    res.lib_s = seconds_since(t0);
  }
  // The rows the library wrote (its own schema/metadata rows excluded: they exist before ingest).
  sqlite3* src = nullptr;
  check(sqlite3_open_v2(lib_file.c_str(), &src, SQLITE_OPEN_READONLY, nullptr), src, "open lib file");
  std::string ddl;
  auto tables = read_tables(src, ddl);
  sqlite3_close(src);
  std::erase_if(tables, [](const table_rows& t) { return t.name == "_itsm_meta" || t.name == "_itsm_schema"; });
  sqlite3* raw = open_raw(raw_file, ddl);
  const auto t0 = std::chrono::steady_clock::now();
  res.rows = insert_rows(raw, tables, autocommit ? n : 1);
  res.raw_s = seconds_since(t0);
  sqlite3_close(raw);
  for (auto& t : tables)
    for (auto* v : t.values) sqlite3_value_free(v);
  return res;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // one BENCH line at a time, even into a pipe
  bool quick = false;
  for (int i = 1; i < argc; ++i) quick = quick || std::strcmp(argv[i], "--quick") == 0;
  const std::size_t bulk_n = quick ? 20'000 : 1'000'000;
  const std::size_t auto_n = quick ? 500 : 10'000;
  storage::register_sqlite();
  const fs::path dir = fs::temp_directory_path() / ("itsm-ingest-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);

  {
    const auto r = compare(dir, "bulk", bulk_n, false);
    std::printf("BENCH ingest.sqlite mode=one_transaction incidents=%zu rows=%zu rows_per_s=%.0f raw_rows_per_s=%.0f "
                "incidents_per_s=%.0f ratio=%.3f\n",
                bulk_n, r.rows, r.rows / r.lib_s, r.rows / r.raw_s, bulk_n / r.lib_s, r.raw_s / r.lib_s);
  }
  {
    const auto r = compare(dir, "auto", auto_n, true);
    std::printf("BENCH ingest.sqlite_autocommit mode=transaction_per_incident incidents=%zu rows=%zu rows_per_s=%.0f "
                "raw_rows_per_s=%.0f incidents_per_s=%.0f ratio=%.3f\n",
                auto_n, r.rows, r.rows / r.lib_s, r.rows / r.raw_s, auto_n / r.lib_s, r.raw_s / r.lib_s);
  }
  {
    auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
    sms system(storage::make_memory_backend(), sms_options{clk, std::make_shared<allow_all>(), nullptr, {}});
    const actor desk{"desk", {std::string(roles::service_desk)}};
    auto work = incident_drafts(bulk_n, 42);
    const auto t0 = std::chrono::steady_clock::now();
    system.incidents().record_batch(desk, std::move(work));
    const double s = seconds_since(t0);
    std::printf("BENCH ingest.memory mode=one_transaction incidents=%zu incidents_per_s=%.0f\n", bulk_n, bulk_n / s);
  }
  fs::remove_all(dir);
  return 0;
}
