// Attribute constraints of CI types, case-insensitive CI identity and the non-throwing checks
// that share the writes' rules (issue 13).
#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "itsm/model/service.hpp"

using namespace itsm;
using itsm::test::catch_error;
using model::attribute_def;
using model::ci_status;
using model::ci_type;
using model::configuration_item;

namespace {

attribute_def attr(std::string name, value_type t) {
  attribute_def a;
  a.name = std::move(name);
  a.type = t;
  return a;
}

struct constrained : test::process_fixture {
  configuration_management& conf = system.configuration();
  constrained() {
    auto cpus = attr("cpus", value_type::integer);
    cpus.min = 1;
    cpus.max = 256;
    auto load = attr("load", value_type::real);
    load.min = 0.0;
    auto tag = attr("tag", value_type::text);
    tag.pattern = "VM-[0-9][0-9][0-9][0-9]";
    auto env = attr("env", value_type::text);
    env.allowed = {"prod", "test"};
    auto owner = attr("owner", value_type::text);
    owner.non_empty = true;
    conf.define_type(cm, ci_type{"vm", 0, "", "A virtual machine", {cpus, load, tag, env, owner}, {"depends_on"}});
  }
  configuration_item draft(std::string name, model::attribute_map attrs = {}) {
    configuration_item ci;
    ci.type = "vm";
    ci.name = std::move(name);
    ci.attributes = std::move(attrs);
    ci.status = ci_status::live;
    return ci;
  }
  // The write is refused citing R-9.1-types, with a message naming `attribute` and `words`.
  void refused(const configuration_item& d, const std::string& attribute, const std::string& words) {
    const auto before = take(false);
    auto e = catch_error([&] { conf.create(cm, d); });
    REQUIRE(e.violates("R-9.1-types"));
    const auto& msg = e.violations().at(0).message;
    CHECK(msg.find("'" + attribute + "'") != std::string::npos);
    CHECK(msg.find(words) != std::string::npos);
    CHECK(take(false) == before);
    CHECK_FALSE(conf.check_create(cm, d).empty());
  }
};

}  // namespace

TEST_CASE_METHOD(constrained, "R-9.1-types: each attribute constraint accepts good values and refuses bad ones",
                 "[process][configuration]") {
  refused(draft("a", {{"cpus", value(-4)}}), "cpus", "at least 1 (min)");
  refused(draft("a", {{"cpus", value(512)}}), "cpus", "at most 256 (max)");
  refused(draft("a", {{"load", value(-0.5)}}), "load", "(min)");
  refused(draft("a", {{"tag", value("vm-0006")}}), "tag", "pattern 'VM-[0-9][0-9][0-9][0-9]'");
  refused(draft("a", {{"tag", value("VM-00061")}}), "tag", "pattern");
  refused(draft("a", {{"env", value("Prod")}}), "env", "allowed values");
  refused(draft("a", {{"owner", value("  \t")}}), "owner", "non_empty");
  const auto ok = conf.create(cm, draft("a", {{"cpus", value(1)}, {"load", value(0.0)}, {"tag", value("VM-0006")},
                                              {"env", value("prod")}, {"owner", value("ops")}}));
  CHECK(ok.revision == 1);
  auto edited = ok;
  edited.attributes["cpus"] = value(0);
  CHECK(catch_error([&] { conf.update(cm, edited); }).violates("R-9.1-types"));
  CHECK(conf.check_update(cm, edited).at(0).rule == "R-9.1-types");
  edited.attributes["cpus"] = value(256);
  CHECK(conf.update(cm, edited).revision == 2);
}

TEST_CASE_METHOD(constrained, "R-9.1-types: constraints that do not fit their attribute are refused at definition",
                 "[process][configuration]") {
  const auto before = take(false);
  auto define = [&](attribute_def a) {
    return catch_error([&] { conf.define_type(cm, ci_type{"bad", 0, "", "x", {std::move(a)}, {}}); });
  };
  auto a = attr("n", value_type::integer);
  a.min = 5;
  a.max = 1;
  CHECK(define(a).violates("R-9.1-types"));  // min > max
  a = attr("n", value_type::text);
  a.min = 0;
  CHECK(define(a).violates("R-9.1-types"));  // min on text
  a = attr("n", value_type::integer);
  a.allowed = {"1"};
  CHECK(define(a).violates("R-9.1-types"));  // allowed on integer
  a = attr("n", value_type::boolean);
  a.pattern = "x*";
  CHECK(define(a).violates("R-9.1-types"));  // pattern on boolean
  a = attr("n", value_type::real);
  a.non_empty = true;
  CHECK(define(a).violates("R-9.1-types"));
  a = attr("n", value_type::real);
  a.max = std::numeric_limits<double>::infinity();
  CHECK(define(a).violates("R-9.1-types"));
  a = attr("n", value_type::text);
  a.allowed = {"x", "y"};
  a.pattern = "z*";
  CHECK(define(a).violates("R-9.1-types"));  // no allowed value can be stored
  for (const char* p : {"[a-z", "abc\\", "[z-a]"}) {
    a = attr("n", value_type::text);
    a.pattern = p;
    const auto e = define(a);
    CHECK(e.violates("R-9.1-types"));
    CHECK(e.violations().at(0).message.find("pattern is not valid") != std::string::npos);
  }
  a = attr("n", value_type::text);
  a.pattern = std::string(model::max_pattern_length + 1, 'a');
  CHECK(define(a).violates("R-9.1-types"));
  CHECK(take(false) == before);
}

TEST_CASE_METHOD(constrained, "R-9.1-types: hostile patterns and values stay bounded and never throw foreign errors",
                 "[process][configuration]") {
  // Backtracking regex engines take exponential time on these; globs have one backtrack point.
  auto hostile = attr("h", value_type::text);
  hostile.pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
  conf.define_type(cm, ci_type{"host", 0, "", "x", {hostile}, {}});
  configuration_item d;
  d.type = "host";
  d.name = "h1";
  d.attributes = {{"h", value(std::string(model::max_patterned_length, 'a'))}};
  CHECK(catch_error([&] { conf.create(cm, d); }).violates("R-9.1-types"));
  d.attributes = {{"h", value(std::string(model::max_patterned_length + 1, 'a'))}};
  const auto e = catch_error([&] { conf.create(cm, d); });
  CHECK(e.violates("R-9.1-types"));
  CHECK(e.violations().at(0).message.find("longer than") != std::string::npos);
  d.attributes = {{"h", value(std::string(100, 'a') + "b")}};
  CHECK(conf.create(cm, d).revision == 1);
}

TEST_CASE("glob patterns: classes, negation, escapes and wildcards", "[model][R-9.1-types]") {
  using model::glob_match;
  CHECK(glob_match("VM-[0-9]?", "VM-1x"));
  CHECK_FALSE(glob_match("VM-[0-9]?", "VM-x1"));
  CHECK(glob_match("[!a-z]*", "Zed"));
  CHECK_FALSE(glob_match("[!a-z]*", "zed"));
  CHECK(glob_match("a\\*b", "a*b"));
  CHECK_FALSE(glob_match("a\\*b", "axb"));
  CHECK(glob_match("[]x]", "]"));
  CHECK(glob_match("*", ""));
  CHECK_FALSE(glob_match("?", ""));
  CHECK(glob_match("*.example.com", "db.example.com"));
  CHECK_FALSE(glob_match("*.example.com", "db.example.org"));
  CHECK(model::glob_problem("[a-").size() > 0);
}

TEST_CASE_METHOD(constrained, "R-9.1-types: a subtype's attribute overrides its parent's constraints",
                 "[process][configuration]") {
  auto cpus = attr("cpus", value_type::integer);
  cpus.max = 4;
  conf.define_type(cm, ci_type{"small-vm", 0, "vm", "A small VM", {cpus}, {}});
  configuration_item d = draft("s1", {{"cpus", value(8)}});
  d.type = "small-vm";
  CHECK(catch_error([&] { conf.create(cm, d); }).violates("R-9.1-types"));
  d.attributes["cpus"] = value(0);  // the parent's min no longer applies
  CHECK(conf.create(cm, d).revision == 1);
}

TEST_CASE_METHOD(constrained, "R-9.1-types: a constraint tightened under existing CIs is refused", "[process][configuration]") {
  conf.create(cm, draft("big", {{"cpus", value(64)}, {"env", value("test")}}));
  auto vm = conf.find_type(reader, "vm").value();
  auto tightened = vm;
  tightened.attributes[0].max = 32;  // cpus
  const auto before = take(false);
  auto e = catch_error([&] { conf.define_type(cm, tightened); });
  CHECK(e.violates("R-9.1-types"));
  CHECK(e.violations().at(0).message.find("CI-1") != std::string::npos);
  tightened = vm;
  tightened.attributes[3].allowed = {"prod"};  // env
  CHECK(catch_error([&] { conf.define_type(cm, tightened); }).violates("R-9.1-types"));
  CHECK(take(false) == before);
  tightened.attributes[3].allowed = {"prod", "test", "dev"};  // loosened: fine
  CHECK(conf.define_type(cm, tightened).attributes[3].allowed.size() == 3);
  CHECK(conf.find_type(reader, "vm")->attributes[0].min == 1.0);  // constraints are stored
  CHECK(conf.find_type(reader, "vm")->attributes[2].pattern == "VM-[0-9][0-9][0-9][0-9]");
}

TEST_CASE_METHOD(constrained, "R-9.1-unique: names differing only in case or outer whitespace are duplicates",
                 "[process][configuration]") {
  const auto first = conf.create(cm, draft("VM-0006"));
  const auto before = take(false);
  for (const char* dup : {"vm-0006", " VM-0006", "Vm-0006\t"}) {
    auto e = catch_error([&] { conf.create(cm, draft(dup)); });
    CHECK(e.violates("R-9.1-unique"));
    CHECK(e.violations().at(0).message.find("CI-1") != std::string::npos);
  }
  CHECK(take(false) == before);
  CHECK(conf.check_create(cm, draft("vm-0006")).at(0).rule == "R-9.1-unique");
  CHECK(catch_error([&] { conf.create(cm, draft("   ")); }).violates("R-9.1-unique"));  // no name at all
  // A CI may change the case of its own name; the stored spelling is what it was given.
  auto renamed = first;
  renamed.name = "vm-0006";
  CHECK(conf.update(cm, renamed).name == "vm-0006");
  CHECK(conf.find_by_name(reader, "vm", "VM-0006 ")->id == first.id);
  CHECK(conf.find_by_name(reader, "vm", "VM-0007") == std::nullopt);
  conf.retire(cm, first.id);
  CHECK(conf.find_by_name(reader, "vm", "vm-0006") == std::nullopt);
  CHECK(conf.create(cm, draft("VM-0006")).id.key() == "CI-2");  // a retired CI's name is free
}

TEST_CASE_METHOD(constrained, "R-9.1-attrs: check_relate meets relate's rules and writes nothing",
                 "[process][configuration]") {
  const auto a = conf.create(cm, draft("a"));
  const auto b = conf.create(cm, draft("b"));
  const auto gone = conf.create(cm, draft("gone"));
  conf.retire(cm, gone.id);
  struct attempt {
    ci_id source, target;
    std::string kind;
  };
  const std::vector<attempt> attempts{{a.id, b.id, "runs_on"},     {a.id, b.id, "teleports_to"},
                                      {a.id, a.id, "depends_on"},  {a.id, ci_id(99), "depends_on"},
                                      {a.id, gone.id, "depends_on"}, {a.id, b.id, "depends_on"},
                                      {a.id, b.id, "depends_on"}};
  for (const auto& t : attempts) {
    const auto before = take();
    const auto checked = conf.check_relate(cm, t.source, t.kind, t.target);
    CHECK(take() == before);  // no record, no audit entry
    if (checked.empty()) {
      CHECK(conf.relate(cm, t.source, t.kind, t.target).kind == t.kind);
    } else {
      auto e = catch_error([&] { conf.relate(cm, t.source, t.kind, t.target); });
      CHECK(e.violations() == checked);
    }
  }
  CHECK(conf.relationships(reader, a.id).size() == 1);
  CHECK(conf.check_relate(cm, a.id, "depends_on", b.id).at(0).rule == "R-9.1-unique");
}
