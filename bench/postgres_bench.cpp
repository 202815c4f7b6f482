// bench/run postgres [--quick]   (bench/run starts a throwaway server: scripts/postgres.sh)
// The PostgreSQL adapter against raw libpq on the same server, in the same run:
//   1. ingest: incidents through the whole write path in one transaction (record_batch), against
//      exactly the rows the library wrote (read back from its tables) inserted into copies of its
//      tables (same columns and indexes: CREATE TABLE … LIKE … INCLUDING ALL) with prepared
//      statements in one transaction (plus the audit rows' SHA-256 chain), and with COPY;
//   2. commits: 1, 4 and 16 client processes, one incident per transaction (incidents.record),
//      against pgbench-style raw transactions of the same rows (split evenly, one transaction
//      per incident's share), by as many processes.
// Every number is wall-clock; the processes rendezvous through pipes before the clock starts.
#include <libpq-fe.h>
#include <openssl/evp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "incident_drafts.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/postgres.hpp"

using namespace itsm;
using itsm::bench::seconds_since;
using itsm::bench::incident_drafts;

namespace {

std::string server;  // ITSM_TEST_POSTGRES_URI
const std::string run_tag = "b" + std::to_string(::getpid());

[[noreturn]] void die(const std::string& what, PGconn* c) {
  std::fprintf(stderr, "postgres bench: %s: %s\n", what.c_str(), c ? PQerrorMessage(c) : "");
  std::exit(1);
}

PGconn* connect() {
  PGconn* c = PQconnectdb(server.c_str());
  if (PQstatus(c) != CONNECTION_OK) die("connect", c);
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
  return c;
}

void exec(PGconn* c, const std::string& sql) {
  PGresult* r = PQexec(c, sql.c_str());
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) die(sql, c);
  PQclear(r);
}

sms open_library(const std::string& ns) {
  storage::postgres_options o;
  o.schema = ns;
  return sms(storage::make_postgres_backend(server, o), sms_options{std::make_shared<system_clock>(), std::make_shared<allow_all>(), nullptr, {}});
}


// One of the library's tables, its rows read back in binary (the reference binds them as is).
struct table_rows {
  std::string name;
  PGresult* rows = nullptr;
  int columns() const { return PQnfields(rows); }
  int count() const { return PQntuples(rows); }
};

std::vector<table_rows> read_tables(PGconn* c, const std::string& ns) {
  std::vector<table_rows> out;
  PGresult* names = PQexec(c, ("SELECT tablename FROM pg_tables WHERE schemaname = '" + ns +
                               "' AND tablename NOT IN ('_itsm_meta', '_itsm_schema') ORDER BY tablename").c_str());
  for (int i = 0; i < PQntuples(names); ++i) {
    table_rows t;
    t.name = PQgetvalue(names, i, 0);
    t.rows = PQexecParams(c, ("SELECT * FROM " + ns + ".\"" + t.name + "\"").c_str(), 0, nullptr, nullptr, nullptr,
                          nullptr, 1);
    if (PQresultStatus(t.rows) != PGRES_TUPLES_OK) die("read " + t.name, c);
    out.push_back(t);
  }
  PQclear(names);
  return out;
}

// Empty copies of the library's tables (columns, defaults, indexes) in schema `to`.
void copy_tables(PGconn* c, const std::string& from, const std::string& to, const std::vector<table_rows>& tables) {
  exec(c, "DROP SCHEMA IF EXISTS " + to + " CASCADE; CREATE SCHEMA " + to);
  for (const auto& t : tables)
    exec(c, "CREATE TABLE " + to + ".\"" + t.name + "\" (LIKE " + from + ".\"" + t.name + "\" INCLUDING ALL)");
}

// Prepared INSERT statements "ins<i>" for every table, binary parameters of the columns' types.
void prepare_inserts(PGconn* c, const std::string& ns, const std::vector<table_rows>& tables) {
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const auto& t = tables[i];
    std::string sql = "INSERT INTO " + ns + ".\"" + t.name + "\" VALUES (";
    std::vector<Oid> types;
    for (int col = 0; col < t.columns(); ++col) {
      sql += (col ? ", $" : "$") + std::to_string(col + 1);
      types.push_back(PQftype(t.rows, col));
    }
    PGresult* r = PQprepare(c, ("ins" + std::to_string(i)).c_str(), (sql + ")").c_str(), t.columns(), types.data());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) die("prepare " + t.name, c);
    PQclear(r);
  }
}

// SHA-256 over the previous hash and the audit row's bytes: the reference's share of the chain.
std::string chain_hash(EVP_MD_CTX* md, const std::string& prev, const table_rows& t, int row) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestInit_ex(md, EVP_sha256(), nullptr);
  EVP_DigestUpdate(md, prev.data(), prev.size());
  for (int col = 0; col < t.columns(); ++col)
    EVP_DigestUpdate(md, PQgetvalue(t.rows, row, col), static_cast<std::size_t>(PQgetlength(t.rows, row, col)));
  EVP_DigestFinal_ex(md, out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

// Inserts part `part` of `parts` of every table's rows in one transaction; returns the row count.
std::size_t insert_part(PGconn* c, const std::vector<table_rows>& tables, std::size_t part, std::size_t parts,
                        EVP_MD_CTX* md, std::string& prev) {
  exec(c, "BEGIN");
  std::size_t rows = 0;
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const auto& t = tables[i];
    const auto n = static_cast<std::size_t>(t.count());
    const std::string stmt = "ins" + std::to_string(i);
    for (auto row = static_cast<int>(n * part / parts); row < static_cast<int>(n * (part + 1) / parts); ++row) {
      values.clear(), lengths.clear(), formats.assign(static_cast<std::size_t>(t.columns()), 1);
      for (int col = 0; col < t.columns(); ++col) {
        values.push_back(PQgetisnull(t.rows, row, col) ? nullptr : PQgetvalue(t.rows, row, col));
        lengths.push_back(PQgetlength(t.rows, row, col));
      }
      if (t.name == "_itsm_audit") prev = chain_hash(md, prev, t, row);
      PGresult* r = PQexecPrepared(c, stmt.c_str(), t.columns(), values.data(), lengths.data(), formats.data(), 0);
      if (PQresultStatus(r) != PGRES_COMMAND_OK) die("insert " + t.name, c);
      PQclear(r);
      ++rows;
    }
  }
  exec(c, "COMMIT");
  return rows;
}

void put_be32(std::string& b, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b += static_cast<char>((v >> s) & 0xff);
}

// Every row through COPY … FROM STDIN (FORMAT binary), one transaction.
void copy_all(PGconn* c, const std::string& ns, const std::vector<table_rows>& tables) {
  exec(c, "BEGIN");
  for (const auto& t : tables) {
    PGresult* r = PQexec(c, ("COPY " + ns + ".\"" + t.name + "\" FROM STDIN (FORMAT binary)").c_str());
    if (PQresultStatus(r) != PGRES_COPY_IN) die("copy " + t.name, c);
    PQclear(r);
    std::string buf("PGCOPY\n\377\r\n\0", 11);
    put_be32(buf, 0), put_be32(buf, 0);
    for (int row = 0; row < t.count(); ++row) {
      buf += static_cast<char>(t.columns() >> 8), buf += static_cast<char>(t.columns() & 0xff);
      for (int col = 0; col < t.columns(); ++col) {
        if (PQgetisnull(t.rows, row, col)) {
          put_be32(buf, 0xffffffffu);
          continue;
        }
        put_be32(buf, static_cast<std::uint32_t>(PQgetlength(t.rows, row, col)));
        buf.append(PQgetvalue(t.rows, row, col), static_cast<std::size_t>(PQgetlength(t.rows, row, col)));
      }
      if (buf.size() > (1u << 20)) {
        if (PQputCopyData(c, buf.data(), static_cast<int>(buf.size())) != 1) die("copy data", c);
        buf.clear();
      }
    }
    buf += "\377\377";
    if (PQputCopyData(c, buf.data(), static_cast<int>(buf.size())) != 1 || PQputCopyEnd(c, nullptr) != 1) die("copy end", c);
    r = PQgetResult(c);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) die("copy " + t.name, c);
    PQclear(r);
    while ((r = PQgetResult(c))) PQclear(r);
  }
  exec(c, "COMMIT");
}

// Runs body(p) in `n` processes released at once once all are ready(p) (setup outside the clock);
// returns the wall-clock seconds from the release to the last exit.
double in_processes(int n, const std::function<void(int)>& ready, const std::function<void(int)>& body) {
  int up[2], go[2];
  if (::pipe(up) != 0 || ::pipe(go) != 0) die("pipe", nullptr);
  std::vector<pid_t> kids;
  for (int p = 0; p < n; ++p) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(up[0]), ::close(go[1]);
      ready(p);
      char ch = 'r';
      if (::write(up[1], &ch, 1) != 1 || ::read(go[0], &ch, 1) != 0) ::_exit(5);
      body(p);
      ::_exit(0);
    }
    kids.push_back(pid);
  }
  ::close(up[1]), ::close(go[0]);
  char ch;
  for (int p = 0; p < n; ++p)
    if (::read(up[0], &ch, 1) != 1) die("a process failed to start", nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  ::close(go[1]);
  for (const pid_t pid : kids) {
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) die("a process failed", nullptr);
  }
  return seconds_since(t0);
}

void ingest(std::size_t n) {
  const auto lib = run_tag + "_ingest", prepared = run_tag + "_ingest_prepared", copied = run_tag + "_ingest_copy";
  double lib_s = 0;
  {
    auto system = open_library(lib);
    const actor desk{"desk", {std::string(roles::service_desk)}};
    auto work = incident_drafts(n, 42);
    const auto t0 = std::chrono::steady_clock::now();
    system.incidents().record_batch(desk, std::move(work));
    lib_s = seconds_since(t0);
  }
  PGconn* c = connect();
  auto tables = read_tables(c, lib);
  copy_tables(c, lib, prepared, tables);
  copy_tables(c, lib, copied, tables);
  prepare_inserts(c, prepared, tables);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  std::string prev;
  auto t0 = std::chrono::steady_clock::now();
  const std::size_t rows = insert_part(c, tables, 0, 1, md, prev);
  const double prepared_s = seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  copy_all(c, copied, tables);
  const double copy_s = seconds_since(t0);
  EVP_MD_CTX_free(md);
  for (auto& t : tables) PQclear(t.rows);
  PQfinish(c);
  std::printf("BENCH postgres.ingest mode=one_transaction incidents=%zu rows=%zu incidents_per_s=%.0f rows_per_s=%.0f "
              "prepared_rows_per_s=%.0f copy_rows_per_s=%.0f ratio=%.3f copy_ratio=%.3f\n",
              n, rows, n / lib_s, rows / lib_s, rows / prepared_s, rows / copy_s, prepared_s / lib_s, copy_s / lib_s);
}

void commits(int clients, std::size_t per_client) {
  const auto lib = run_tag + "_commits" + std::to_string(clients), raw = lib + "_raw";
  open_library(lib);  // seeds the store's policies before the clients start
  const actor desk{"desk", {std::string(roles::service_desk)}};
  std::optional<sms> system;
  const double lib_s = in_processes(
      clients, [&](int) { system.emplace(open_library(lib)); },
      [&](int p) {
        auto work = incident_drafts(per_client, static_cast<unsigned>(p));
        for (auto& d : work) system->incidents().record(desk, std::move(d));
      });
  PGconn* c = connect();
  auto tables = read_tables(c, lib);
  copy_tables(c, lib, raw, tables);
  PQfinish(c);
  const std::size_t parts = per_client * static_cast<std::size_t>(clients);
  PGconn* mine = nullptr;
  const double raw_s = in_processes(
      clients,
      [&](int) {
        mine = connect();
        prepare_inserts(mine, raw, tables);
      },
      [&](int p) {
        std::string prev;
        EVP_MD_CTX* md = EVP_MD_CTX_new();
        for (std::size_t part = static_cast<std::size_t>(p); part < parts; part += static_cast<std::size_t>(clients))
          insert_part(mine, tables, part, parts, md, prev);
        EVP_MD_CTX_free(md);
        PQfinish(mine);
      });
  for (auto& t : tables) PQclear(t.rows);
  std::printf("BENCH postgres.commits clients=%d commits=%zu commits_per_s=%.0f raw_commits_per_s=%.0f ratio=%.3f\n",
              clients, parts, parts / lib_s, parts / raw_s, raw_s / lib_s);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // one BENCH line at a time, even into a pipe
  bool quick = false;
  std::size_t ingest_n = 0;  // --ingest N: another ingest size
  for (int i = 1; i < argc; ++i) {
    quick = quick || std::strcmp(argv[i], "--quick") == 0;
    if (std::strcmp(argv[i], "--ingest") == 0 && i + 1 < argc) ingest_n = std::strtoull(argv[++i], nullptr, 10);
  }
  const char* uri = std::getenv("ITSM_TEST_POSTGRES_URI");
  if (!uri) {
    std::printf("SKIPPED postgres: no PostgreSQL server (run through bench/run, which starts one)\n");
    return 0;
  }
  server = uri;
  ingest(ingest_n ? ingest_n : quick ? 5'000 : 200'000);
  for (int clients : {1, 4, 16}) commits(clients, quick ? 20 : 400 / static_cast<std::size_t>(clients) * 4);
  return 0;
}
