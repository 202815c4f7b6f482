// The raw SQLite reference shared by the write benchmarks (ingest, import): it reads back every
// row the library wrote (every table it touched, same DDL) and replays them into a fresh file with
// prepared statements through the raw C API, recomputing a SHA-256 chain over the audit rows, so
// it does the same storage and hashing work without the library's rules, encoding and bookkeeping.
#pragma once

#include <openssl/evp.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace itsm::bench::replay {

inline void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "replay: %s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

// One table's rows as read from the library's file: column count and every value as SQLite
// stored it (integers, reals, text, blobs, nulls keep their storage class).
struct table_rows {
  std::string name;
  std::string insert_sql;
  int columns = 0;
  std::vector<sqlite3_value*> values;  // rows * columns, owned (sqlite3_value_dup)
};

inline std::vector<table_rows> read_tables(sqlite3* db, std::string& ddl) {
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

inline sqlite3* open_raw(const std::filesystem::path& file, const std::string& ddl) {
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", nullptr, nullptr, nullptr), db, "pragmas");
  check(sqlite3_exec(db, ddl.c_str(), nullptr, nullptr, nullptr), db, "ddl");
  return db;
}

// SHA-256 over the previous hash and the row's bytes: the reference's share of the audit chain.
inline std::string chain_hash(EVP_MD_CTX* ctx, const std::string& prev, sqlite3_value** row, int columns) {
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
inline std::size_t insert_rows(sqlite3* db, std::vector<table_rows>& tables, std::size_t parts) {
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

// The rows `lib_file` holds, minus the library's schema and metadata tables (they exist before
// any benchmark writes), and its DDL in `ddl`.
inline std::vector<table_rows> library_rows(const std::filesystem::path& lib_file, std::string& ddl) {
  sqlite3* src = nullptr;
  check(sqlite3_open_v2(lib_file.c_str(), &src, SQLITE_OPEN_READONLY, nullptr), src, "open lib file");
  auto tables = read_tables(src, ddl);
  sqlite3_close(src);
  std::erase_if(tables, [](const table_rows& t) { return t.name == "_itsm_meta" || t.name == "_itsm_schema"; });
  return tables;
}

inline void free_rows(std::vector<table_rows>& tables) {
  for (auto& t : tables)
    for (auto* v : t.values) sqlite3_value_free(v);
  tables.clear();
}

}  // namespace itsm::bench::replay
