// Conformance group: walks — backend::kinds(), transaction::for_each() and for_each_audit(),
// what audit::verify_records reads a store with.
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

std::vector<storage::audit_record> walk_audit(storage::transaction& tx, const storage::audit_query& q) {
  std::vector<storage::audit_record> out;
  tx.for_each_audit(q, [&](const storage::audit_record& e) {
    out.push_back(e);
    return true;
  });
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
  for (std::int64_t seq = 1; seq <= 10; ++seq)
    tx->append_audit(audit_entry(seq, seq % 3 ? "ticket" : "asset", "T-" + std::to_string(seq % 4)));
  CHECK(walk_audit(*tx, {}) == tx->scan_audit({}));  // own appends included
  tx->commit();
  auto r = be->begin(tx_mode::read_only);
  CHECK(walk(*r, "ticket") == r->scan(on("ticket")));
  // for_each_audit hands over exactly what scan_audit returns, in order, and stops on false.
  for (const auto& q : {storage::audit_query{}, storage::audit_query{3, 7, "", "", 0},
                        storage::audit_query{1, 0, "asset", "", 0}, storage::audit_query{2, 0, "", "", 4},
                        storage::audit_query{1, 0, "ticket", "T-1", 0}, storage::audit_query{11, 0, "", "", 0}}) {
    INFO("audit query from " << q.from_seq << " to " << q.to_seq << " kind '" << q.kind << "' object '"
                             << q.object_id << "' limit " << q.limit);
    CHECK(walk_audit(*r, q) == r->scan_audit(q));
  }
  int calls = 0;
  r->for_each_audit({}, [&](const storage::audit_record&) { return ++calls < 4; });
  CHECK(calls == 4);
  KIT_CHECK_ERRC(walk_audit(*r, storage::audit_query{1, 0, "", "T-1", 0}), errc::invalid_argument);
}

}  // namespace itsm::testing::conformance
