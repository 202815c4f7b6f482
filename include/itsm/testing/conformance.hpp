// The storage conformance kit (target itsm::testing): the definition of a correct adapter. An
// adapter author instantiates it in a Catch2 v2 test program with one macro:
//
//   #include <itsm/testing/conformance.hpp>
//   ITSM_STORAGE_CONFORMANCE_TESTS("my adapter", [](const std::string& name) {
//     return my::make_backend("/tmp/kit/" + name);
//   })
//
// which defines one TEST_CASE per group below ("my adapter: storage conformance: records", …,
// tags [conformance][<group>]). What the kit checks adapts to the adapter's caps(): snapshot
// reads, durability (reopen by name) and multi-process access are checked when advertised.
// Thread-safety: the groups start their own threads where they test concurrency; call each group
// from one thread (Catch2 assertions are not thread-safe).
#pragma once

#include <catch2/catch.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::testing {

// Opens the store called `name` ([a-z0-9-]+, unique per test run). A name not used before must
// give an empty store. For a durable adapter, opening a name again once every backend object on
// it is destroyed must give back what was committed; for a multi_process adapter, a second open
// while the first backend is alive must give a second view of the same store.
using store_opener = std::function<std::unique_ptr<storage::backend>(const std::string& name)>;

struct ITSM_API conformance_options {
  std::size_t large_value_bytes = std::size_t{4} << 20;  // Default: 4 MiB (one text value)
  int threads = 4;               // Default: 4 writer threads in conformance::concurrency
  int writes_per_thread = 50;    // Default: 50
};

// The groups. Each opens fresh stores through `open` and checks with Catch2 assertions; the
// macro below runs each as its own TEST_CASE, or call them from your own test cases.
namespace conformance {
// register_schema/find_schema: round trip, idempotence, invalid schemas, version rules,
// upgrades that append nullable fields and indexes, refused upgrades, unknown kinds.
ITSM_API void schemas(const store_opener& open, const conformance_options& o = {});
// put/get/erase with revisions: creation, optimistic concurrency, already_exists, conflict,
// not_found, records that do not fit the schema, kinds kept apart.
ITSM_API void records(const store_opener& open, const conformance_options& o = {});
// Every value type round-trips exactly, extremes included; nulls only where nullable.
ITSM_API void value_types(const store_opener& open, const conformance_options& o = {});
// scan with every predicate (eq, ne, lt, le, gt, ge, in) on every field type and on "id",
// against storage::matches (SQL null semantics; no cross-type conversions), conjunctions,
// scan errors, a transaction's own writes.
ITSM_API void scans(const store_opener& open, const conformance_options& o = {});
// order_by every field and "id", ascending and descending (the exact reverse; ties by id),
// with limits.
ITSM_API void ordering(const store_opener& open, const conformance_options& o = {});
// query::any (OR of ANDs) with conditions, order and limits, against a reference; errors.
ITSM_API void disjunctions(const store_opener& open, const conformance_options& o = {});
// query::after from every record's position on every field, both directions: exactly the
// records after it in order; page-by-page walks return every record once; type errors.
ITSM_API void keysets(const store_opener& open, const conformance_options& o = {});
// Keyset paging while another writer inserts before, at and after the position: nothing
// skipped or repeated, order kept.
ITSM_API void stable_paging(const store_opener& open, const conformance_options& o = {});
// count() against the reference (the limit ignored), own writes, isolation.
ITSM_API void counts(const store_opener& open, const conformance_options& o = {});
// Commit, rollback on destruction and on exception, finished transactions, read_only refusals,
// a refused write changing nothing.
ITSM_API void transactions(const store_opener& open, const conformance_options& o = {});
// Uncommitted writes invisible to readers, snapshot semantics per caps, one writer at a time,
// readers alongside the writer.
ITSM_API void isolation(const store_opener& open, const conformance_options& o = {});
// Several threads writing and reading one backend: exact counts, gapless audit; readers
// (rendezvoused with an open write transaction, not left to the scheduler) see consistent,
// committed data only.
ITSM_API void concurrency(const store_opener& open, const conformance_options& o = {});
// append_audit sequence rules, last_audit, scan_audit filters, exact round trip (record_hash
// included), rollback.
ITSM_API void audit(const store_opener& open, const conformance_options& o = {});
// Unicode, embedded NULs, invalid UTF-8 and every byte value, in ids, text fields and audit.
ITSM_API void strings(const store_opener& open, const conformance_options& o = {});
// A corpus of SQL-injection strings round-trips byte-exact everywhere and as scan operands.
ITSM_API void injection(const store_opener& open, const conformance_options& o = {});
// Text values of o.large_value_bytes and several MiB per record and per audit entry.
ITSM_API void large_values(const store_opener& open, const conformance_options& o = {});
// backend::kinds() lists what was registered; transaction::for_each() visits exactly what
// scan() returns (own writes included, others' uncommitted ones not), for_each_audit() exactly
// what scan_audit() returns, in order; both stop on false.
ITSM_API void walks(const store_opener& open, const conformance_options& o = {});
// schema::text_fields round-trip; with capabilities::text_search, transaction::search: exactly
// the records holding every term, BM25 order, offset pages, own writes, rollback, updates,
// upgrades, refused terms; without it, errc::unsupported.
ITSM_API void text_search(const store_opener& open, const conformance_options& o = {});
// Per caps: reopening a durable store, two live backends on a multi_process store.
ITSM_API void persistence(const store_opener& open, const conformance_options& o = {});
}  // namespace conformance

// Strings the kit stores, for adapters' own extra tests.
ITSM_API const std::vector<std::string>& injection_corpus();
ITSM_API const std::vector<std::string>& awkward_strings();  // unicode, NULs, invalid UTF-8, all bytes

}  // namespace itsm::testing

#define ITSM_DETAIL_CONFORMANCE_CASE(NAME, GROUP, OPTIONS, ...)                         \
  TEST_CASE(NAME ": storage conformance: " #GROUP, "[conformance][" #GROUP "]") {       \
    ::itsm::testing::conformance::GROUP(::itsm::testing::store_opener(__VA_ARGS__), OPTIONS); \
  }

// Defines the kit's test cases for an adapter. NAME: a string literal; then the opener (any
// callable convertible to store_opener; it may contain commas) — evaluated in each test case.
#define ITSM_STORAGE_CONFORMANCE_TESTS_WITH_OPTIONS(NAME, OPTIONS, ...)               \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, schemas, OPTIONS, __VA_ARGS__)                   \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, records, OPTIONS, __VA_ARGS__)                   \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, value_types, OPTIONS, __VA_ARGS__)               \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, scans, OPTIONS, __VA_ARGS__)                     \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, ordering, OPTIONS, __VA_ARGS__)                  \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, disjunctions, OPTIONS, __VA_ARGS__)              \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, keysets, OPTIONS, __VA_ARGS__)                   \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, stable_paging, OPTIONS, __VA_ARGS__)             \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, counts, OPTIONS, __VA_ARGS__)                    \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, transactions, OPTIONS, __VA_ARGS__)              \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, isolation, OPTIONS, __VA_ARGS__)                 \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, concurrency, OPTIONS, __VA_ARGS__)               \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, audit, OPTIONS, __VA_ARGS__)                     \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, strings, OPTIONS, __VA_ARGS__)                   \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, injection, OPTIONS, __VA_ARGS__)                 \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, large_values, OPTIONS, __VA_ARGS__)              \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, walks, OPTIONS, __VA_ARGS__)                     \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, text_search, OPTIONS, __VA_ARGS__)               \
  ITSM_DETAIL_CONFORMANCE_CASE(NAME, persistence, OPTIONS, __VA_ARGS__)

#define ITSM_STORAGE_CONFORMANCE_TESTS(NAME, ...) \
  ITSM_STORAGE_CONFORMANCE_TESTS_WITH_OPTIONS(NAME, ::itsm::testing::conformance_options{}, __VA_ARGS__)
