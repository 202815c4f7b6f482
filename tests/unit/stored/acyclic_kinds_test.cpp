// Relationship kinds that forbid cycles (R-9.1-relationships): the same scenario on an in-memory
// store and on the durable engine (a SQLite file, or a PostgreSQL schema), through every entry
// point that adds relationships or makes a kind acyclic — relate, check_relate, import_csv and
// set_relationship_kinds.
#include <catch2/catch.hpp>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"
#include "support/errors.hpp"
#include "unit/stored/store.hpp"

using namespace itsm;

namespace {

const actor carla{"carla", {std::string(roles::configuration_manager)}};
const actor root{"root", {std::string(roles::admin)}};
const actor audrey{"audrey", {std::string(roles::auditor)}};

std::vector<model::relationship_kind> kinds_with_acyclic_part_of() {
  auto kinds = model::default_relationship_kinds();
  for (auto& k : kinds) k.acyclic = k.name == "part_of";
  return kinds;
}

model::configuration_item part(std::string name) {
  model::configuration_item ci;
  ci.type = "part";
  ci.name = std::move(name);
  ci.status = model::ci_status::live;
  return ci;
}

std::string last_outcome(sms& system) {
  return system.unaudited_store().begin(storage::tx_mode::read_only)->last_audit().value().outcome;
}

// a part_of b part_of c; closing c part_of a is refused everywhere, other kinds may cycle.
void refuses_cycles(sms& system) {
  auto& conf = system.configuration();
  conf.define_type(carla, {"part", 0, "", "a component", {}, {"part_of", "depends_on"}});
  const auto a = conf.create(carla, part("a")), b = conf.create(carla, part("b")), c = conf.create(carla, part("c"));
  conf.relate(carla, a.id, "part_of", b.id);
  conf.relate(carla, b.id, "part_of", c.id);

  const auto checked = conf.check_relate(carla, c.id, "part_of", a.id);
  REQUIRE(checked.size() == 1);
  CHECK(checked[0].rule == "R-9.1-relationships");
  CHECK(checked[0].message.find(c.id.key() + " part_of " + a.id.key() + " part_of " + b.id.key() + " part_of " +
                                c.id.key()) != std::string::npos);
  CHECK(last_outcome(system) == "applied");  // a check writes nothing
  const auto e = test::error_of([&] { conf.relate(carla, c.id, "part_of", a.id); });
  CHECK(e.violates("R-9.1-relationships"));
  CHECK(last_outcome(system) == "refused");
  CHECK(conf.all_relationships(audrey).size() == 2);  // nothing written

  // Not a cycle: a shortcut in the direction of the chain, and a cycle of another kind.
  CHECK(conf.check_relate(carla, a.id, "part_of", c.id).empty());
  conf.relate(carla, c.id, "depends_on", a.id);
  conf.relate(carla, a.id, "depends_on", c.id);

  // Import: the batch's own earlier rows count, and the refusal names its row.
  import_source src;
  src.cis_csv = "type,name\npart,d\n";
  src.relationships_csv =
      "source_type,source,kind,target_type,target\n"
      "part,c,part_of,part,d\n"
      "part,d,part_of,part,a\n";
  import_options dry;
  dry.dry_run = true;
  const auto plan = conf.import_csv(carla, src, dry);
  REQUIRE(plan.refusals.size() == 1);
  CHECK(plan.refusals[0].file == "relationships");
  CHECK(plan.refusals[0].row == 3);
  CHECK(plan.refusals[0].why.rule == "R-9.1-relationships");
  CHECK(test::error_of([&] { conf.import_csv(carla, src); }).violates("R-9.1-relationships"));
  CHECK(conf.all_relationships(audrey).size() == 4);  // all or nothing: still a, b, c's four
  CHECK_FALSE(conf.find_by_name(audrey, "part", "d").has_value());

  // A kind cannot become acyclic while its relationships already form a cycle.
  auto kinds = system.policies().relationship_kinds(root);
  for (auto& k : kinds) k.acyclic = k.acyclic || k.name == "depends_on";
  CHECK(test::error_of([&] { system.policies().set_relationship_kinds(root, kinds); }).violates("R-9.1-relationships"));
  for (const auto& k : system.policies().relationship_kinds(root))
    CHECK(k.acyclic == (k.name == "part_of"));  // the flag is stored, and the refused change is not
}

sms_options options() {
  sms_options o{std::make_shared<system_clock>(), nullptr, nullptr, {}};
  o.relationship_kinds = kinds_with_acyclic_part_of();
  return o;
}

}  // namespace

TEST_CASE("R-9.1-relationships: an acyclic kind refuses a closing relationship (memory store)", "[stored][graph]") {
  sms system(storage::make_memory_backend(), options());
  refuses_cycles(system);
}

TEST_CASE("R-9.1-relationships: an acyclic kind refuses a closing relationship (durable store)", "[stored][graph]") {
  const auto where = stored_test::fresh("acyclic_kinds");
  {
    sms system(stored_test::open(where), options());
    refuses_cycles(system);
  }
  sms reopened(stored_test::open(where), options());  // the flag survives a reopen
  const auto kinds = reopened.policies().relationship_kinds(root);
  CHECK(std::count_if(kinds.begin(), kinds.end(), [](const auto& k) { return k.acyclic; }) == 1);
}
