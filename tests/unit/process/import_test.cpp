// Bulk import with identification and reconciliation (configuration().import_csv): the plan,
// the dry run that writes nothing, one all-or-nothing transaction, the unchanged second run, and
// row-numbered refusals for malformed and invalid input.
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace itsm;
using itsm::test::catch_error;
using model::ci_type;

namespace {

struct importing : test::process_fixture {
  configuration_management& conf = system.configuration();
  importing() {
    conf.define_type(cm, ci_type{"host", 0, "", "a server",
                                 {{"cpus", value_type::integer, false, 1, 512}, {"serial", value_type::text, false}},
                                 {"member_of", "hosted_on"}});
    conf.define_type(cm, ci_type{"application", 0, "", "software", {{"port", value_type::integer, false}},
                                 {"runs_on", "depends_on"}});
  }
  import_plan run(const std::string& cis, const std::string& rels = {}, import_options o = {}) {
    return conf.import_csv(cm, {cis, rels}, o);
  }
  import_plan dry(const std::string& cis, const std::string& rels = {}) {
    import_options o;
    o.dry_run = true;
    return run(cis, rels, o);
  }
  static bool refused(const import_plan& p, const std::string& file, std::size_t row, const std::string& rule) {
    for (const auto& r : p.refusals)
      if (r.file == file && r.row == row && r.why.rule == rule) return true;
    return false;
  }
};

const std::string cis_csv =
    "type,name,status,cpus,port\n"
    "host,web-1,live,8,\n"
    "host,web-2,live,4,\n"
    "application,shop,live,,8080\n";
const std::string rels_csv =
    "source_type,source,kind,target_type,target\n"
    "application,shop,runs_on,host,web-1\n"
    "application,SHOP,runs_on,host,Web-2\n";

}  // namespace

TEST_CASE_METHOD(importing, "R-9.1-unique R-9.1-attrs: a dry run plans creates and relationships and writes nothing",
                 "[process][import]") {
  const auto before = take();
  const auto plan = dry(cis_csv, rels_csv);
  CHECK(take() == before);  // not a record, not an audit entry
  CHECK_FALSE(plan.applied);
  CHECK(plan.refusals.empty());
  REQUIRE(plan.cis.size() == 3);
  CHECK(plan.cis[0].row == 2);
  CHECK(plan.cis[0].action == import_action::create);
  CHECK(plan.count(import_action::create) == 5);
  REQUIRE(plan.relationships.size() == 2);
  CHECK(plan.relationships[1].source == plan.cis[2].id);  // endpoints resolved by identity, any case
  CHECK(plan.relationships[1].target == plan.cis[1].id);
}

TEST_CASE_METHOD(importing, "R-9.1-trace: an applied batch is one transaction, each write audited; an unchanged rerun writes nothing",
                 "[process][import]") {
  const auto first_seq = last_audit().seq;
  const auto plan = run(cis_csv, rels_csv);
  CHECK(plan.applied);
  CHECK(plan.writes() == 5);
  CHECK(last_audit().seq == first_seq + 5);  // one audit entry per record written
  CHECK(last_audit().action == "import");
  const auto shop = conf.find_by_name(reader, "application", "shop").value();
  CHECK(shop.attributes.at("port") == value(std::int64_t{8080}));
  CHECK(conf.relationships(reader, shop.id, direction::outgoing).size() == 2);

  const auto before = take();
  const auto again = run(cis_csv, rels_csv);
  CHECK(take() == before);
  CHECK_FALSE(again.applied);
  CHECK(again.writes() == 0);
  CHECK(again.count(import_action::unchanged) == 5);
}

TEST_CASE_METHOD(importing, "R-9.1-versions: a changed row is an update naming the changed fields; identity ignores case",
                 "[process][import]") {
  run(cis_csv);
  const auto plan = run("type,name,status,cpus\nhost,WEB-1,live,16\nhost,web-2,live,4\n");
  REQUIRE(plan.cis.size() == 2);
  CHECK(plan.cis[0].action == import_action::update);
  CHECK(std::find(plan.cis[0].changed.begin(), plan.cis[0].changed.end(), "attributes") != plan.cis[0].changed.end());
  CHECK(plan.cis[1].action == import_action::unchanged);
  const auto web1 = conf.find_by_name(reader, "host", "web-1").value();
  CHECK(web1.name == "WEB-1");
  CHECK(web1.attributes.at("cpus") == value(std::int64_t{16}));
  CHECK(web1.revision == 2);
}

TEST_CASE_METHOD(importing, "R-9.1-unique: an identity rule recognises a renamed CI by its serial",
                 "[process][import]") {
  import_options by_serial;
  by_serial.identity = {{"host", {"serial"}}};
  run("type,name,serial\nhost,web-1,SN-1\n", {}, by_serial);
  const auto plan = run("type,name,serial\nhost,web-one, sn-1 \n", {}, by_serial);
  REQUIRE(plan.cis.size() == 1);
  CHECK(plan.cis[0].action == import_action::update);
  CHECK(conf.list(reader, "host").size() == 1);
  CHECK(conf.list(reader, "host").front().name == "web-one");
}

TEST_CASE_METHOD(importing, "R-9.1-access: malformed CSV is refused row by row and nothing is written",
                 "[process][import]") {
  const std::string huge(10u << 20, 'x');
  const std::string bad =
      "type,name,cpus\n"
      "host,ok-1,2\n"
      "host,\"unbalanced,2\n"   // the quote swallows the rest of the file...
      "host,never-read,2\n";
  auto plan = dry(bad);
  CHECK(refused(plan, "cis", 3, "R-9.1-access"));
  CHECK(plan.cis.empty());  // a malformed file plans nothing
  plan = dry("type,name,cpus\nhost,a,2,extra\nhost,b\nhost,c\xff,2\nhost,d," + huge + "\nhost,e,2\n");
  CHECK(refused(plan, "cis", 2, "R-9.1-access"));  // too many columns
  CHECK(refused(plan, "cis", 3, "R-9.1-access"));  // too few
  CHECK(refused(plan, "cis", 4, "R-9.1-access"));  // invalid UTF-8
  CHECK(refused(plan, "cis", 5, "R-9.1-access"));  // a 10 MB field
  CHECK(plan.refusals.size() == 4);
  CHECK(plan.refusals[3].why.message.find("longer than") != std::string::npos);
  const auto before = take(false);
  auto e = catch_error([&] { run("type,name,cpus\nhost,a,2,extra\nhost,fine,2\n"); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(e.violates("R-9.1-access"));
  CHECK(take(false) == before);  // only the refusal's audit entry
  CHECK(last_audit().outcome == "refused");
  CHECK(dry("name\nx\n").refusals.front().why.message.find("'type'") != std::string::npos);
}

TEST_CASE_METHOD(importing, "R-9.1-types R-9.1-attrs: invalid rows are refused with their row and rule; the batch is all or nothing",
                 "[process][import]") {
  const std::string cis =
      "type,name,cpus\n"
      "host,good,4\n"
      "host,negative,-4\n"
      "router,r1,\n"
      "host,lettered,eight\n"
      "host,GOOD,2\n";
  const std::string rels =
      "source_type,source,kind,target_type,target\n"
      "host,good,hosted_on,host,missing\n"
      "host,good,teleports_to,host,good\n";
  const auto plan = dry(cis, rels);
  CHECK(plan.cis[0].action == import_action::create);
  CHECK(refused(plan, "cis", 3, "R-9.1-types"));   // below the minimum 1
  CHECK(refused(plan, "cis", 4, "R-9.1-types"));   // unknown type
  CHECK(refused(plan, "cis", 5, "R-9.1-types"));   // not an integer
  CHECK(refused(plan, "cis", 6, "R-9.1-unique"));  // the same host as row 2
  CHECK(refused(plan, "relationships", 2, "R-9.1-attrs"));  // no such CI
  CHECK(refused(plan, "relationships", 3, "R-9.1-types"));  // kind not in the catalogue
  const auto before = take(false);
  auto e = catch_error([&] { run(cis, rels); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(std::string(e.what()).find("cis row 3") != std::string::npos);
  CHECK(take(false) == before);  // the good row is not written either
}

TEST_CASE_METHOD(importing, "R-9.1-access: progress is reported per phase; an import needs the write grant",
                 "[process][import]") {
  std::vector<std::tuple<std::string, std::size_t, std::size_t>> seen;
  import_options o;
  o.progress_every = 2;
  o.progress = [&](const import_progress& p) { seen.emplace_back(std::string(p.phase), p.done, p.total); };
  run(cis_csv, rels_csv, o);
  CHECK(seen == std::vector<std::tuple<std::string, std::size_t, std::size_t>>{
                    {"cis", 2, 3}, {"cis", 3, 3}, {"relationships", 2, 2}});
  const auto before = take(false);
  auto e = catch_error([&] { conf.import_csv(reader, {cis_csv, {}}); });
  CHECK(e.code() == errc::permission_denied);
  CHECK(take(false) == before);
}
