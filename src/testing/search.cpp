// Conformance group text_search: transaction::search where the adapter declares
// capabilities::text_search (matches, BM25 order, paging, own writes, rollback, upgrades, input
// checks), errc::unsupported where it declines; schema::text_fields round-trip either way.
#include <algorithm>
#include <cmath>
#include <map>

#include "kit.hpp"

namespace itsm::testing::conformance {

using namespace detail;
using storage::text_hit;
using storage::text_query;
using storage::tx_mode;

namespace {

schema doc_schema() {
  schema s;
  s.kind = "doc";
  s.fields = {{"title", value_type::text, false}, {"body", value_type::text, true}, {"n", value_type::integer, true}};
  s.text_fields = {"title", "body"};
  return s;
}

record doc(std::string id, std::string title, value body = {}) {
  return make_record(std::move(id), {value(std::move(title)), std::move(body), value{}});
}

std::vector<record> doc_data() {
  return {doc("D-1", "Mail queue stuck", value("The mail queue on relay 2 is stuck")),
          doc("D-2", "Printer offline", value("paper jam; MAIL room printer")),
          doc("D-3", "mail", value("mail mail mail")),
          doc("D-4", "Queue of jobs", value{}),
          doc("D-5", "VPN drops", value("vpn tunnel drops every hour, mail still works")),
          doc("D-6", "Disk full", value("log partition full on db-7")),
          doc("D-7", "Mail-queue alerts", value("queue_depth>1000 on MX")),
          doc("D-8", "Password reset", value("user cannot reset password"))};
}

text_query tq(std::vector<std::string> terms, std::size_t limit = 0, std::size_t offset = 0) {
  return text_query{"doc", std::move(terms), limit, offset};
}

std::vector<std::string> hit_ids(const std::vector<text_hit>& hs) {
  std::vector<std::string> out;
  for (const auto& h : hs) out.push_back(h.id);
  return out;
}

// The ids whose text fields hold every term (storage::tokenize), sorted.
std::vector<std::string> expected(const std::vector<record>& data, const std::vector<std::string>& terms) {
  std::vector<std::string> out;
  for (const auto& r : data) {
    std::vector<std::string> toks;
    for (std::size_t i = 0; i < 2; ++i)
      if (!r.values[i].is_null())
        for (auto& t : storage::tokenize(r.values[i].as_text())) toks.push_back(std::move(t));
    if (std::all_of(terms.begin(), terms.end(), [&](const std::string& t) { return std::count(toks.begin(), toks.end(), t) > 0; }))
      out.push_back(r.id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void check_hits(storage::transaction& tx, const std::vector<record>& data, const std::vector<std::string>& terms) {
  INFO("terms: " << terms.size() << " first: " << terms.front());
  const auto hits = tx.search(tq(terms));
  auto got = hit_ids(hits);
  CHECK(std::is_sorted(hits.begin(), hits.end(), storage::ranks_before));
  std::sort(got.begin(), got.end());
  CHECK(got == expected(data, terms));
  for (const auto& h : hits) CHECK(std::isfinite(h.score));
}

}  // namespace

void text_search(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "text-search");
  const auto s = doc_schema();
  be->register_schema(s);
  REQUIRE(be->find_schema("doc"));
  CHECK(be->find_schema("doc")->text_fields == s.text_fields);
  be->register_schema(s);  // identical: a no-op
  const auto data = put_all(*be, "doc", doc_data());
  if (!be->caps().text_search) {
    KIT_CHECK_ERRC(be->begin(tx_mode::read_only)->search(tq({"mail"})), errc::unsupported);
    return;
  }
  {
    auto tx = be->begin(tx_mode::read_only);
    for (const auto& terms : std::vector<std::vector<std::string>>{
             {"mail"}, {"queue"}, {"mail", "queue"}, {"queue", "mail"}, {"printer"}, {"db"}, {"7"}, {"nothing"},
             {"mail", "nothing"}, {"1000"}, {"depth"}})
      check_hits(*tx, data, terms);
    // BM25: three mentions in a short record beat one in a long one.
    const auto mail = hit_ids(tx->search(tq({"mail"})));
    REQUIRE(!mail.empty());
    CHECK(mail.front() == "D-3");
    CHECK(std::find(mail.begin(), mail.end(), "D-5") > std::find(mail.begin(), mail.end(), "D-1"));
    // Pages by offset and limit concatenate to the whole ranking.
    const auto all = hit_ids(tx->search(tq({"mail"})));
    std::vector<std::string> paged;
    for (std::size_t off = 0;; off += 2) {
      const auto p = hit_ids(tx->search(tq({"mail"}, 2, off)));
      CHECK(p.size() <= 2);
      paged.insert(paged.end(), p.begin(), p.end());
      if (p.size() < 2) break;
    }
    CHECK(paged == all);
    CHECK(tx->search(tq({"mail"}, 0, 100)).empty());
    // Input the adapter must refuse, not pass on as query syntax.
    for (const auto& bad : std::vector<std::vector<std::string>>{
             {}, {"Mail"}, {"mail queue"}, {"\"mail"}, {"mail*"}, {"NEAR(mail"}, {""}, {"mail", "mail"}})
      KIT_CHECK_ERRC(tx->search(tq(bad)), errc::invalid_argument);
    KIT_CHECK_ERRC(tx->search(text_query{"nosuchkind", {"mail"}, 0, 0}), errc::not_found);
  }
  // Own writes are searched; a rollback leaves nothing behind; updates and erasures count.
  {
    auto w = be->begin(tx_mode::read_write);
    w->put("doc", doc("D-9", "zebra crossing"));
    CHECK(hit_ids(w->search(tq({"zebra"}))) == std::vector<std::string>{"D-9"});
  }
  CHECK(be->begin(tx_mode::read_only)->search(tq({"zebra"})).empty());
  {
    auto w = be->begin(tx_mode::read_write);
    auto d1 = data[0];
    d1.values[0] = value("Relay zebra");
    d1.values[1] = value{};
    w->put("doc", d1);
    w->erase("doc", "D-3", 1);
    CHECK(hit_ids(w->search(tq({"zebra"}))) == std::vector<std::string>{"D-1"});
    w->commit();
  }
  {
    auto tx = be->begin(tx_mode::read_only);
    CHECK(hit_ids(tx->search(tq({"zebra"}))) == std::vector<std::string>{"D-1"});
    const auto mail = hit_ids(tx->search(tq({"mail"})));
    CHECK(std::find(mail.begin(), mail.end(), "D-1") == mail.end());
    CHECK(std::find(mail.begin(), mail.end(), "D-3") == mail.end());
    CHECK(!mail.empty());
  }
  // A kind gaining text fields in an upgrade: records stored before are found.
  schema plain = s;
  plain.kind = "note";
  plain.text_fields.clear();
  be->register_schema(plain);
  put_all(*be, "note", {make_record("N-1", {value("old words"), value{}, value{}})});
  KIT_CHECK_ERRC(be->begin(tx_mode::read_only)->search(text_query{"note", {"old"}, 0, 0}), errc::invalid_argument);
  auto upgraded = plain;
  upgraded.version = 2;
  upgraded.text_fields = {"title"};
  be->register_schema(upgraded);
  CHECK(hit_ids(be->begin(tx_mode::read_only)->search(text_query{"note", {"old"}, 0, 0})) ==
        std::vector<std::string>{"N-1"});
  // A text filter: only records whose field holds the value are documents; changing the filter
  // in an upgrade re-selects the records stored before; an update moving a record in or out of
  // the filter, or emptying its text, moves it in or out of the results.
  schema logs = s;
  logs.kind = "entry";
  logs.fields = {{"type", value_type::text, false}, {"detail", value_type::text, true}};
  logs.text_fields = {"detail"};
  logs.text_only_when = storage::text_filter{"type", "it's a note"};
  be->register_schema(logs);
  CHECK(be->find_schema("entry")->text_only_when == logs.text_only_when);
  put_all(*be, "entry", {make_record("E-1", {value("it's a note"), value("disk quota raised")}),
                         make_record("E-2", {value("state"), value("disk quota raised")}),
                         make_record("E-3", {value("it's a note"), value("")}),
                         make_record("E-4", {value("it's a note"), value{}})});
  const auto entries = [&](const std::string& word) {  // sorted: which ones, not their rank
    auto ids = hit_ids(be->begin(tx_mode::read_only)->search(text_query{"entry", {word}, 0, 0}));
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  CHECK(entries("disk") == std::vector<std::string>{"E-1"});
  {
    auto w = be->begin(tx_mode::read_write);
    auto e2 = *w->get("entry", "E-2");
    e2.values[0] = value("it's a note");
    w->put("entry", e2);
    auto e1 = *w->get("entry", "E-1");
    e1.values[1] = value("");
    w->put_changed("entry", e1, {false, true});
    auto e3 = *w->get("entry", "E-3");
    e3.values[1] = value("disk swapped");
    w->put_changed("entry", e3, {false, true});
    w->commit();
  }
  CHECK(entries("disk") == std::vector<std::string>{"E-2", "E-3"});
  auto any_type = logs;
  any_type.version = 2;
  any_type.text_only_when = storage::text_filter{"type", "state"};
  be->register_schema(any_type);
  CHECK(entries("disk").empty());
  any_type.version = 3;
  any_type.text_only_when.reset();
  be->register_schema(any_type);
  CHECK(entries("disk") == std::vector<std::string>{"E-2", "E-3"});
  {  // a filter must name a text field, and needs text fields
    auto bad = logs;
    bad.kind = "bad_filter";
    bad.text_only_when = storage::text_filter{"nosuch", "x"};
    KIT_CHECK_ERRC(be->register_schema(bad), errc::invalid_argument);
    bad.text_only_when = storage::text_filter{"type", "x"};
    bad.text_fields.clear();
    KIT_CHECK_ERRC(be->register_schema(bad), errc::invalid_argument);
  }

  // Terms cut from hostile strings are plain words to the adapter.
  auto tx = be->begin(tx_mode::read_only);
  for (const auto& text : injection_corpus())
    for (const auto& t : storage::tokenize(text)) CHECK_NOTHROW(tx->search(tq({t})));
}

}  // namespace itsm::testing::conformance
