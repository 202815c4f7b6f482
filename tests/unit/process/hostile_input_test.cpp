// Hostile input through the process APIs: it is refused with an itsm::error at the entry, nothing
// is written, and the store stays readable (list, find, baselines) afterwards.
#include <catch2/catch.hpp>

#include "change_fixture.hpp"

using namespace itsm;

TEST_CASE_METHOD(test::change_world, "R-9.2-record: a controlled CI is not written under a non-canonical RFC id",
                 "[process][change]") {
  auto& conf = system.configuration();
  const auto r = implementing({db01.id}, window(3));
  auto edited = *conf.find(db01.id);
  edited.version = "2.0";
  const auto variant = "RFC-0" + std::to_string(r.id.number());
  CHECK(refused([&] { conf.update(carla, edited, {"upgrade", variant}); }).violates("R-9.2-record"));
  CHECK(conf.update(carla, edited, {"upgrade", r.id.key()}).version == "2.0");
  CHECK(last_audit().reference == r.id.key());
}
