// The conformance check of R-6.2-content: each defined report holds the content the clause lists
// where the store has the data for it.
#include <catch2/catch.hpp>

#include "report_fixture.hpp"

using namespace itsm;
using report::verdict;

namespace {

struct checked : test::report_world {
  report::check_result result() {
    const auto s = snap();
    for (const auto& r : report::check_conformance(s, march, system.verify()).results)
      if (r.requirement == "R-6.2-content") return r;
    FAIL("no result for R-6.2-content");
    return {};
  }
};

}  // namespace

TEST_CASE_METHOD(checked, "R-6.2-content: conforms when the defined report holds its content", "[report][content]") {
  const auto r = result();
  CHECK(r.outcome == verdict::conforms);
  CHECK(r.records == std::vector<std::string>{definition.key()});
}

TEST_CASE_METHOD(checked, "R-6.2-content: a report without the satisfaction of customers with tickets is a nonconformity",
                 "[report][content]") {
  system.satisfaction().set_rule(slm, model::survey_rule{});  // satisfaction is measured from now on
  model::customer c;
  c.name = "Acme";
  c.contact = "alice";
  c = system.service_level().add_customer(root, c);
  auto i = draft("cannot pay", 3, 3);
  i.customer = c.id;
  const auto id = system.incidents().record(desk, i).id;
  system.incidents().assign(desk, id, "web", "dora");
  system.incidents().resolve(desk, id, "cleared the cache");  // and no survey asked Acme
  const auto r = result();
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{definition.key()});
}
