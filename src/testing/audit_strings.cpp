// Conformance groups: audit, strings, injection, large_values.
#include "kit.hpp"

namespace itsm::testing::conformance {

using namespace detail;
using storage::audit_query;
using storage::audit_record;
using storage::query;
using storage::tx_mode;

namespace {

std::vector<audit_record> expected_audit(const std::vector<audit_record>& all, const audit_query& q) {
  std::vector<audit_record> out;
  for (const auto& e : all) {
    if (e.seq < q.from_seq || (q.to_seq > 0 && e.seq > q.to_seq)) continue;
    if (!q.kind.empty() && e.kind != q.kind) continue;
    if (!q.object_id.empty() && e.object_id != q.object_id) continue;
    if (q.limit > 0 && out.size() == q.limit) break;
    out.push_back(e);
  }
  return out;
}

std::vector<std::int64_t> seqs(const std::vector<audit_record>& es) {
  std::vector<std::int64_t> out;
  for (const auto& e : es) out.push_back(e.seq);
  return out;
}

audit_query aq(std::int64_t from, std::int64_t to = 0, std::string kind = "", std::string object = "",
               std::size_t limit = 0) {
  return audit_query{from, to, std::move(kind), std::move(object), limit};
}

// An entry carrying `s` in every text field.
audit_record entry_with(std::int64_t seq, const std::string& s) {
  auto e = audit_entry(seq, s.empty() ? "ticket" : s, s);
  e.actor = e.action = e.outcome = e.changes = e.reason = e.reference = e.prev_hash = e.hash = e.record_hash = s;
  return e;
}

// Compares without Catch2 printing multi-megabyte operands on failure.
bool same(const std::string& a, const std::string& b) { return a == b; }

}  // namespace

namespace {
// A well-formed redaction marker whose digest is 64 times `c`.
std::string redaction_of(char c) { return "{\"redacted\":\"sha256:" + std::string(64, c) + "\"}"; }
void redaction(storage::backend& be, std::vector<audit_record>& all);
}  // namespace

void audit(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "audit");
  std::vector<audit_record> all;
  {
    auto tx = be->begin(tx_mode::read_write);
    CHECK_FALSE(tx->last_audit().has_value());
    CHECK_FALSE(tx->head_of_audit().has_value());
    CHECK(tx->scan_audit(audit_query{}).empty());
    KIT_CHECK_ERRC(tx->append_audit(audit_entry(0)), errc::conflict);
    KIT_CHECK_ERRC(tx->append_audit(audit_entry(2)), errc::conflict);
    for (std::int64_t seq = 1; seq <= 12; ++seq) {
      // Audited kinds need not be registered with the backend.
      all.push_back(audit_entry(seq, seq % 3 ? "ticket" : "asset", "T-" + std::to_string(seq % 4)));
      tx->append_audit(all.back());
      REQUIRE(tx->last_audit().has_value());
      CHECK(*tx->last_audit() == all.back());
      CHECK(tx->head_of_audit() == storage::audit_head{seq, all.back().hash});
    }
    KIT_CHECK_ERRC(tx->append_audit(audit_entry(12)), errc::conflict);
    KIT_CHECK_ERRC(tx->append_audit(audit_entry(5)), errc::conflict);
    KIT_CHECK_ERRC(tx->append_audit(audit_entry(14)), errc::conflict);
    CHECK(tx->scan_audit(audit_query{}) == all);
    tx->commit();
  }
  auto r = be->begin(tx_mode::read_only);
  CHECK(*r->last_audit() == all.back());
  CHECK(r->head_of_audit() == storage::audit_head{12, all.back().hash});
  CHECK(r->scan_audit(audit_query{}) == all);
  {  // record_hash (what audit::verify_records compares rows with) is stored verbatim
    const auto back = r->scan_audit(audit_query{});
    REQUIRE(back.size() == all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      INFO("record_hash of entry " << all[i].seq);
      CHECK(back[i].record_hash == all[i].record_hash);
    }
  }
  for (const auto& q : {aq(5), aq(1, 4), aq(3, 6), aq(13), aq(6, 5), aq(12, 12), aq(1, 0, "asset"),
                        aq(1, 0, "ticket", "T-1"), aq(4, 11, "ticket", "T-1"), aq(1, 0, "", "", 3),
                        aq(4, 0, "", "", 2), aq(1, 0, "ticket", "", 4), aq(1, 0, "ticket", "T-404"),
                        aq(1, 0, "nosuch"), aq(-5, 2), aq(1, 1000)}) {
    INFO("scan_audit from " << q.from_seq << " to " << q.to_seq << " kind '" << q.kind << "' object '"
                            << q.object_id << "' limit " << q.limit);
    const auto got = r->scan_audit(q);
    CHECK(seqs(got) == seqs(expected_audit(all, q)));
    CHECK(got == expected_audit(all, q));
  }
  KIT_CHECK_ERRC(r->scan_audit(aq(1, 0, "", "T-1")), errc::invalid_argument);
  KIT_CHECK_ERRC(r->append_audit(audit_entry(13)), errc::unsupported);
  r.reset();

  // Rolled-back appends vanish and their numbers are reused.
  {
    auto tx = be->begin(tx_mode::read_write);
    tx->append_audit(audit_entry(13));
    tx->append_audit(audit_entry(14));
    CHECK(tx->scan_audit(aq(13)).size() == 2);
  }
  {
    auto tx = be->begin(tx_mode::read_write);
    CHECK(tx->last_audit()->seq == 12);
    CHECK(tx->head_of_audit() == storage::audit_head{12, all.back().hash});  // the rollback undid 13, 14
    // Entries round-trip exactly, including empty fields, revision 0 and a pre-1970 instant.
    audit_record odd;
    odd.seq = 13;
    odd.at = at("1969-07-20T20:17:40.123456Z");
    odd.outcome = "denied";
    tx->append_audit(odd);
    tx->commit();
    all.push_back(odd);
  }
  r = be->begin(tx_mode::read_only);
  CHECK(r->scan_audit(audit_query{}) == all);
  CHECK(*r->last_audit() == all.back());
  KIT_CHECK_ERRC(r->redact_audit(2, redaction_of('a')), errc::unsupported);
  r.reset();
  redaction(*be, all);
}

namespace {
// redact_audit replaces one entry's changes by a marker, nothing else; own entries included.
// An adapter may decline it (the SPI's default, unsupported): then only that is checked.
void redaction(storage::backend& be, std::vector<audit_record>& all) {
  {  // rolled back: nothing changes
    auto tx = be.begin(tx_mode::read_write);
    try {
      tx->redact_audit(2, redaction_of('a'));
    } catch (const error& e) {
      CHECK(e.code() == errc::unsupported);
      WARN("the adapter declines redact_audit: disposal (records retention) is unavailable on it");
      return;
    }
    CHECK(tx->scan_audit(aq(2, 2)).at(0).changes == redaction_of('a'));  // seen at once
  }
  {
    auto r = be.begin(tx_mode::read_only);
    CHECK(r->scan_audit(audit_query{}) == all);
  }
  {
    auto tx = be.begin(tx_mode::read_write);
    KIT_CHECK_ERRC(tx->redact_audit(3, "{}"), errc::invalid_argument);
    KIT_CHECK_ERRC(tx->redact_audit(3, redaction_of('A')), errc::invalid_argument);  // upper-case hex
    KIT_CHECK_ERRC(tx->redact_audit(99, redaction_of('a')), errc::not_found);
    tx->redact_audit(2, redaction_of('b'));
    all[1].changes = redaction_of('b');
    auto own = audit_entry(14);
    tx->append_audit(own);
    tx->redact_audit(14, redaction_of('c'));  // an entry of this transaction
    own.changes = redaction_of('c');
    all.push_back(own);
    tx->redact_audit(13, redaction_of('d'));  // the committed head
    all[12].changes = redaction_of('d');
    CHECK(tx->scan_audit(audit_query{}) == all);
    tx->commit();
  }
  auto r = be.begin(tx_mode::read_only);
  CHECK(r->scan_audit(audit_query{}) == all);
  CHECK(r->scan_audit(aq(1, 0, all[1].kind, all[1].object_id)) == expected_audit(all, aq(1, 0, all[1].kind, all[1].object_id)));
  CHECK(*r->last_audit() == all.back());
  std::vector<audit_record> walked;
  r->for_each_audit(audit_query{}, [&](const audit_record& e) { return walked.push_back(e), true; });
  CHECK(walked == all);
}
}  // namespace

void strings(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "strings");
  const auto s = ticket_schema();
  be->register_schema(s);
  const auto& texts = awkward_strings();
  std::vector<record> rs;
  for (std::size_t i = 0; i < texts.size(); ++i)
    rs.push_back(ticket(texts[i].empty() ? "(empty)" : texts[i], texts[i], static_cast<std::int64_t>(i), {}, {}, {},
                        value(texts[(i + 1) % texts.size()])));
  rs = put_all(*be, "ticket", rs);
  {
    auto tx = be->begin(tx_mode::read_write);
    for (std::size_t i = 0; i < texts.size(); ++i) tx->append_audit(entry_with(static_cast<std::int64_t>(i) + 1, texts[i]));
    tx->commit();
  }
  auto r = be->begin(tx_mode::read_only);
  for (std::size_t i = 0; i < rs.size(); ++i) {
    INFO("string #" << i);
    auto got = r->get("ticket", rs[i].id);
    REQUIRE(got.has_value());
    CHECK(got->values[0].as_text() == texts[i]);
    CHECK(*got == rs[i]);
    const auto q = on("ticket").where_eq("title", texts[i]);
    CHECK(ids(r->scan(q)) == ids(oracle(s, rs, q)));
    const auto by_id = on("ticket").where_eq("id", rs[i].id);
    CHECK(ids(r->scan(by_id)) == std::vector<std::string>{rs[i].id});
    const auto range = on("ticket").where_ge("title", texts[i]).where_lt("note", texts[i]);
    CHECK(ids(r->scan(range)) == ids(oracle(s, rs, range)));
  }
  // Ordering compares bytes (as std::string does), whatever the encoding.
  for (const char* field : {"id", "title", "note"})
    for (bool desc : {false, true}) {
      auto q = on("ticket");
      q.order_by = field;
      q.descending = desc;
      INFO(describe(q));
      CHECK(ids(r->scan(q)) == ids(oracle(s, rs, q)));
    }
  const auto trail = r->scan_audit(audit_query{});
  REQUIRE(trail.size() == texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    INFO("string #" << i);
    CHECK(trail[i] == entry_with(static_cast<std::int64_t>(i) + 1, texts[i]));
    if (!texts[i].empty())
      CHECK(r->scan_audit(audit_query{1, 0, texts[i], texts[i], 0}).size() == 1);
  }
}

void injection(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "injection");
  const auto s = ticket_schema();
  be->register_schema(s);
  be->register_schema(asset_schema());
  put_all(*be, "asset", {make_record("keep", {value("keep me"), value(1)})});
  const auto& corpus = injection_corpus();
  std::vector<record> rs;
  for (std::size_t i = 0; i < corpus.size(); ++i)
    rs.push_back(ticket(corpus[i], corpus[i], static_cast<std::int64_t>(i), {}, {}, {}, value(corpus[i])));
  rs = put_all(*be, "ticket", rs);
  {  // every statement kind: update, erase and re-create, audit
    auto tx = be->begin(tx_mode::read_write);
    for (std::size_t i = 0; i < rs.size(); ++i) {
      if (i % 3 == 0) {
        rs[i].values[5] = value(corpus[i] + corpus[(i + 1) % corpus.size()]);
        rs[i].revision = tx->put("ticket", rs[i]);
      } else if (i % 3 == 1) {
        tx->erase("ticket", rs[i].id, rs[i].revision);
        rs[i].revision = 0;
        rs[i].revision = tx->put("ticket", rs[i]);
      }
      tx->append_audit(entry_with(static_cast<std::int64_t>(i) + 1, corpus[i]));
    }
    tx->commit();
  }
  auto r = be->begin(tx_mode::read_only);
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    INFO("corpus #" << i << ": " << corpus[i]);
    auto got = r->get("ticket", corpus[i]);
    REQUIRE(got.has_value());
    CHECK(*got == rs[i]);
    for (const auto& q : {on("ticket").where_eq("title", corpus[i]), on("ticket").where_eq("id", corpus[i]),
                          on("ticket").where_ne("note", corpus[i]),
                          on("ticket").where_in("title", {value(corpus[i]), value(corpus[(i + 5) % corpus.size()])}),
                          on("ticket").where_lt("title", corpus[i]).where_ge("id", corpus[(i + 1) % corpus.size()])}) {
      INFO(describe(q));
      CHECK(ids(r->scan(q)) == ids(oracle(s, rs, q)));
    }
    CHECK(r->scan_audit(audit_query{1, 0, corpus[i], corpus[i], 0}) ==
          std::vector<audit_record>{entry_with(static_cast<std::int64_t>(i) + 1, corpus[i])});
  }
  // Nothing else changed: both kinds, their schemas and the other kind's record are intact.
  CHECK(r->scan(on("ticket")).size() == corpus.size());
  CHECK(r->scan_audit(audit_query{}).size() == corpus.size());
  CHECK(r->get("asset", "keep")->values[0] == value("keep me"));
  CHECK(r->scan(on("asset")).size() == 1);
  REQUIRE(be->find_schema("ticket").has_value());
  CHECK(*be->find_schema("ticket") == s);
  CHECK(*be->find_schema("asset") == asset_schema());
}

void large_values(const store_opener& open, const conformance_options& o) {
  auto be = open_fresh(open, "large-values");
  be->register_schema(ticket_schema());
  const std::size_t n = o.large_value_bytes;
  const auto big = big_text(n, 1);
  const auto mib = std::size_t{1} << 20;
  auto r1 = ticket("L-1", big, 1, {}, {}, {}, value(big_text(mib, 3)));
  r1 = put_all(*be, "ticket", {r1})[0];
  {
    auto tx = be->begin(tx_mode::read_write);
    auto got = tx->get("ticket", "L-1");
    REQUIRE(got.has_value());
    CHECK(got->values[0].as_text().size() == n);
    CHECK(same(got->values[0].as_text(), big));
    CHECK(same(got->values[5].as_text(), big_text(mib, 3)));
    got->values[0] = value(big_text(n, 7) + "tail");  // replace with another large value
    CHECK(tx->put("ticket", *got) == 2);
    for (int i = 2; i <= 4; ++i)
      tx->put("ticket", ticket("L-" + std::to_string(i), big_text(mib, i), i, {}, {}, {}, value(big_text(mib, 10 + i))));
    auto e = audit_entry(1, "ticket", "L-1");
    e.changes = big_text(mib, 5);
    e.reason = big_text(mib / 2, 6);
    tx->append_audit(e);
    tx->commit();
  }
  auto r = be->begin(tx_mode::read_only);
  auto got = r->get("ticket", "L-1");
  REQUIRE(got.has_value());
  CHECK(same(got->values[0].as_text(), big_text(n, 7) + "tail"));
  auto hits = r->scan(on("ticket").where_eq("title", big_text(n, 7) + "tail"));
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].id == "L-1");
  auto all = r->scan(on("ticket").where_ge("priority", 2));
  REQUIRE(all.size() == 3);
  for (int i = 2; i <= 4; ++i) {
    CHECK(all[i - 2].id == "L-" + std::to_string(i));
    CHECK(same(all[i - 2].values[0].as_text(), big_text(mib, i)));
    CHECK(same(all[i - 2].values[5].as_text(), big_text(mib, 10 + i)));
  }
  auto trail = r->scan_audit(audit_query{});
  REQUIRE(trail.size() == 1);
  CHECK(same(trail[0].changes, big_text(mib, 5)));
  CHECK(same(trail[0].reason, big_text(mib / 2, 6)));
}

}  // namespace itsm::testing::conformance
