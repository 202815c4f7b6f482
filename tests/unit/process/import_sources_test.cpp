// Import sources and precedence (process/import.hpp): JSON files planned like CSV (row = array
// index, malformed JSON with its position), and per-attribute source precedence from the stored
// attribute_sources policy (R-9.1-access).
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace itsm;
using itsm::test::catch_error;
using model::ci_type;

namespace {

struct sourced : test::process_fixture {
  configuration_management& conf = system.configuration();
  sourced() {
    conf.define_type(cm, ci_type{"host", 0, "", "a server",
                                 {{"cpus", value_type::integer, false, 1, 512}, {"ip", value_type::text, false}},
                                 {"hosted_on"}});
  }
  import_plan json(const std::string& cis, const std::string& rels = {}, import_options o = {}) {
    import_source s;
    s.cis_json = cis;
    s.relationships_json = rels;
    return conf.import_csv(cm, s, o);
  }
  static bool refused(const import_plan& p, const std::string& file, std::size_t row, const std::string& rule) {
    for (const auto& r : p.refusals)
      if (r.file == file && r.row == row && r.why.rule == rule) return true;
    return false;
  }
};

}  // namespace

TEST_CASE_METHOD(sourced, "R-9.1-unique R-9.1-attrs: a JSON batch is identified and planned like CSV",
                 "[process][import]") {
  const std::string cis = R"([{"type":"host","name":"web-1","status":"live","cpus":8,"ip":"10.0.0.1"},
                              {"type":"host","name":"db-1","cpus":"4"}])";
  const std::string rels = R"([{"source_type":"host","source":"WEB-1","kind":"hosted_on","target_type":"host","target":"db-1"}])";
  const auto plan = json(cis, rels);
  CHECK(plan.applied);
  REQUIRE(plan.cis.size() == 2);
  CHECK(plan.cis[0].row == 0);  // the array index
  CHECK(plan.cis[1].row == 1);
  CHECK(plan.count(import_action::create) == 3);
  const auto web = conf.find_by_name(reader, "host", "web-1").value();
  CHECK(web.attributes.at("cpus") == value(std::int64_t{8}));
  CHECK(web.status == model::ci_status::live);
  CHECK(plan.relationships.at(0).source == web.id);

  // A key left out keeps the stored value; null clears; the same file again writes nothing.
  const auto again = json(R"([{"type":"host","name":"web-1","cpus":16},{"type":"host","name":"db-1","ip":null}])");
  CHECK(again.cis[0].action == import_action::update);
  CHECK(conf.find(reader, web.id)->attributes.at("ip") == value("10.0.0.1"));
  CHECK(again.cis[1].action == import_action::unchanged);  // db-1 had no ip
  const auto before = take();
  CHECK(json(cis, rels).writes() == 1);  // cpus back to 8; the rest unchanged
  CHECK_FALSE(take() == before);
  const auto settled = take();
  CHECK(json(cis, rels).writes() == 0);
  CHECK(take() == settled);
}

TEST_CASE_METHOD(sourced, "R-9.1-access: malformed or invalid JSON is refused with its position or index, nothing written",
                 "[process][import]") {
  const auto before = take(false);
  import_options dry;
  dry.dry_run = true;
  auto plan = json(R"([{"type":"host","name":"a"},
    {"type":"host" "name":"b"}])", {}, dry);
  REQUIRE(plan.refusals.size() == 1);
  CHECK(plan.refusals[0].row == 0);
  CHECK(plan.refusals[0].why.rule == "R-9.1-access");
  CHECK(plan.refusals[0].why.message.find("line 2") != std::string::npos);
  CHECK(plan.cis.empty());
  CHECK(json("[{\"type\":\"host\",\"name\":\"\xff\"}]", {}, dry).refusals.at(0).why.message.find("malformed JSON") == 0);
  CHECK(json(R"({"type":"host"})", {}, dry).refusals.at(0).why.message.find("array") != std::string::npos);

  const std::string huge(2u << 20, 'x');
  plan = json(R"([{"type":"host","name":"ok"}, 7, {"name":"no-type"}, {"type":"host","name":"n","ip":{"v":1}},
                  {"type":"host","name":"big","ip":")" + huge + R"("}, {"type":"router","name":"r"},
                  {"type":"host","name":"neg","cpus":-4}])", {}, dry);
  CHECK(refused(plan, "cis", 1, "R-9.1-access"));  // not an object
  CHECK(refused(plan, "cis", 2, "R-9.1-access"));  // no type
  CHECK(refused(plan, "cis", 3, "R-9.1-access"));  // a nested object
  CHECK(refused(plan, "cis", 4, "R-9.1-access"));  // over max_field_bytes
  CHECK(plan.cis.empty());  // a malformed file plans nothing
  plan = json(R"([{"type":"router","name":"r"}, {"type":"host","name":"neg","cpus":-4}])",
              R"([{"source_type":"host","source":"neg","kind":"hosted_on","target_type":"host","target":"ghost"}])", dry);
  CHECK(refused(plan, "cis", 0, "R-9.1-types"));           // unknown type
  CHECK(refused(plan, "cis", 1, "R-9.1-types"));           // below the minimum
  CHECK(refused(plan, "relationships", 0, "R-9.1-attrs"));  // missing endpoints
  CHECK(take(false) == before);
  CHECK(catch_error([&] { json(R"([{"type":"router","name":"r"}])"); }).violates("R-9.1-types"));
  CHECK(take(false).records == before.records);  // all or nothing: only the refusal's audit entry
  import_source both;
  both.cis_csv = "type,name\nhost,a\n";
  both.cis_json = R"([{"type":"host","name":"a"}])";
  CHECK(catch_error([&] { conf.import_csv(cm, both); }).code() == errc::invalid_argument);
}

TEST_CASE_METHOD(sourced, "R-9.1-access: each column is written only by the source that owns it",
                 "[process][import]") {
  // Discovery owns ip; the CMDB team (imports without a source) owns owner.
  CHECK(catch_error([&] { system.policies().set_attribute_sources(cm, {{"host", "ip", "discovery"}}); }).code() ==
        errc::permission_denied);
  CHECK(system.policies().set_attribute_sources(admin, {{"host", "ip", "discovery"}, {"host", "owner", ""}}) == 2);
  CHECK(catch_error([&] { system.policies().set_attribute_sources(admin, {{"host", "ip", "a"}, {"host", "ip", "b"}}); })
            .violates("R-9.1-access"));
  CHECK(system.policies().attribute_sources(reader).size() == 2);

  auto team = conf.import_csv(cm, {"type,name,owner,ip\nhost,web-1,ops,10.0.0.9\n", {}});
  REQUIRE(team.cis.size() == 1);
  CHECK(team.cis[0].action == import_action::create);
  CHECK(team.cis[0].skipped == std::vector<std::string>{"ip: owned by source 'discovery'"});
  auto web = conf.find_by_name(reader, "host", "web-1").value();
  CHECK(web.owner == "ops");
  CHECK(web.attributes.count("ip") == 0);  // left to discovery

  import_options discovery;
  discovery.source = "discovery";
  auto found = conf.import_csv(cm, {"type,name,owner,ip\nhost,web-1,nobody,10.0.0.1\n", {}}, discovery);
  CHECK(found.cis[0].action == import_action::update);
  CHECK(found.cis[0].changed == std::vector<std::string>{"attributes"});
  CHECK(found.cis[0].skipped == std::vector<std::string>{"owner: owned by source ''"});
  web = conf.find(reader, web.id).value();
  CHECK(web.owner == "ops");  // the owner's value wins
  CHECK(web.attributes.at("ip") == value("10.0.0.1"));

  // The team's next export still carries an old ip: it is skipped, so the row is unchanged.
  team = conf.import_csv(cm, {"type,name,owner,ip\nhost,web-1,ops,10.0.0.9\n", {}});
  CHECK(team.cis[0].action == import_action::unchanged);
  CHECK(conf.find(reader, web.id)->attributes.at("ip") == value("10.0.0.1"));
}
