// Helpers shared by the conformance groups: the kit's record kinds, a deterministic data set,
// the reference ("oracle") evaluation of a query, and error-code assertions.
// Thread-safety: free functions; the assertion macros must run on the Catch2 thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "itsm/core/error.hpp"
#include "itsm/storage/backend.hpp"
#include "itsm/testing/conformance.hpp"

// Checks that `expr` throws itsm::error with code `expected_code` (and not anything else).
#define KIT_CHECK_ERRC(expr, expected_code)                                                           \
  do {                                                                                       \
    bool kit_thrown_ = false;                                                                \
    try {                                                                                    \
      (void)(expr);                                                                          \
    } catch (const ::itsm::error& kit_e_) {                                                  \
      kit_thrown_ = true;                                                                    \
      INFO("itsm::error: " << kit_e_.what());                                                \
      CHECK(kit_e_.code() == (expected_code));                                                        \
    }                                                                                        \
    if (!kit_thrown_) FAIL_CHECK("expected itsm::error " #expected_code " from: " #expr);             \
  } while (false)

namespace itsm::testing::detail {

using storage::record;
using storage::schema;

// A name unique in this run and across runs: "<group>-<pid>-<counter>-<time>".
std::string fresh_name(const std::string& group);

// Opens a fresh store (REQUIREs it is non-null).
std::unique_ptr<storage::backend> open_fresh(const store_opener& open, const std::string& group);

// "ticket": title text (not null), priority integer, score real, open boolean, opened time,
// note text; indexes by_priority, by_open_priority (open, priority), by_opened, by_title.
schema ticket_schema();
// "asset": name text (not null), size integer; index by_name.
schema asset_schema();

record make_record(std::string id, std::vector<value> values, std::int64_t revision = 0);
record ticket(std::string id, std::string title, value priority = {}, value score = {}, value open = {},
              value opened = {}, value note = {});

// 40 tickets with duplicates, nulls and extremes in every field, ids whose text order differs
// from their numeric order.
std::vector<record> ticket_data();

// Commits `records` (each created, revision 0) in one transaction; returns them as stored.
std::vector<record> put_all(storage::backend& be, const std::string& kind, std::vector<record> records);

// An unconditional scan of `kind` (query{"kind"} would trip -Wmissing-field-initializers).
storage::query on(std::string kind);

// The value of `field` ("id" or a schema field) in `r`.
value field_value(const schema& s, const record& r, const std::string& field);
// What scanning `all` with `q` must return: storage::matches per condition, ordered by
// q.order_by then id (descending: the exact reverse), limited.
std::vector<record> oracle(const schema& s, const std::vector<record>& all, const storage::query& q);
std::vector<std::string> ids(const std::vector<record>& rs);
// Checks tx.scan(q) against oracle(s, data, q), record by record (Catch2 assertions).
void check_scan(storage::transaction& tx, const schema& s, const std::vector<record>& data, const storage::query& q);
// "id" and every field of `s`.
std::vector<std::string> scan_fields(const schema& s);
std::string describe(const storage::query& q);

storage::audit_record audit_entry(std::int64_t seq, std::string kind = "ticket", std::string object_id = "T-1");

// Text of `n` bytes cycling through every byte value with a position-dependent pattern.
std::string big_text(std::size_t n, unsigned seed);

timestamp at(const char* iso);

}  // namespace itsm::testing::detail
