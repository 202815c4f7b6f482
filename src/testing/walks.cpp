// Conformance group: walks — backend::kinds() and transaction::for_each(), what
// audit::verify_records reads a store with.
#include <algorithm>

#include "kit.hpp"

namespace itsm::testing::conformance {

using namespace detail;
using storage::tx_mode;

namespace {

void sort_by_id(std::vector<record>& rs) {
  std::sort(rs.begin(), rs.end(), [](const record& a, const record& b) { return a.id < b.id; });
}

// Every record for_each hands over, sorted by id (for_each promises no order).
std::vector<record> walk(storage::transaction& tx, const std::string& kind) {
  std::vector<record> out;
  tx.for_each(kind, [&](std::string_view id, std::int64_t revision, const std::vector<value>& values) {
    out.push_back(record{std::string(id), revision, values});
    return true;
  });
  sort_by_id(out);
  return out;
}

}  // namespace

void walks(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "walks");
  CHECK(be->kinds().empty());
  be->register_schema(ticket_schema());
  be->register_schema(asset_schema());
  be->register_schema(ticket_schema());  // again: still one kind
  CHECK(be->kinds() == std::vector<std::string>{"asset", "ticket"});

  auto data = put_all(*be, "ticket", ticket_data());
  sort_by_id(data);  // scan's order: ids compare bytewise
  {
    auto r = be->begin(tx_mode::read_only);
    CHECK(walk(*r, "ticket") == r->scan(on("ticket")));
    CHECK(walk(*r, "asset").empty());
    KIT_CHECK_ERRC(walk(*r, "nosuch"), errc::not_found);
    int calls = 0;  // returning false stops the walk
    r->for_each("ticket", [&](std::string_view, std::int64_t, const std::vector<value>&) { return ++calls < 3; });
    CHECK(calls == 3);
  }
  // A transaction walks its own writes: a new record, an update, an erase.
  auto tx = be->begin(tx_mode::read_write);
  auto upd = data[3];
  upd.values[0] = value("changed in this transaction");
  upd.revision = tx->put("ticket", upd);
  tx->erase("ticket", data[5].id, data[5].revision);
  auto added = ticket("W-new", "added in this transaction", 7);
  added.revision = tx->put("ticket", added);
  const auto mine = walk(*tx, "ticket");
  CHECK(mine == tx->scan(on("ticket")));
  CHECK(mine.size() == data.size());
  CHECK(std::count(mine.begin(), mine.end(), upd) == 1);
  CHECK(std::count(mine.begin(), mine.end(), added) == 1);
  {  // …which readers do not see
    auto r = be->begin(tx_mode::read_only);
    CHECK(walk(*r, "ticket") == data);
  }
  tx->commit();
  auto r = be->begin(tx_mode::read_only);
  CHECK(walk(*r, "ticket") == r->scan(on("ticket")));
}

}  // namespace itsm::testing::conformance
