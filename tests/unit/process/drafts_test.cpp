// A draft is input, not a record (R-8.1-procedure): record(), submit() and plan() refuse a draft
// that sets the fields the library sets itself, naming them, instead of silently overwriting the
// caller's values; nothing is written.
#include <catch2/catch.hpp>

#include "change_fixture.hpp"

using namespace itsm;

TEST_CASE_METHOD(test::change_world, "R-8.1-procedure: drafts that set library-owned fields are refused by name",
                 "[process][drafts]") {
  const actor desk{"dave", {std::string(roles::service_desk)}};
  const auto before = take();
  auto expect_named = [](const itsm::error& e, const char* field) {
    CHECK(e.code() == errc::invalid_argument);
    CHECK(std::string(e.what()).find(field) != std::string::npos);
  };
  auto catch_it = [](auto&& f) -> itsm::error {
    try {
      f();
    } catch (const itsm::error& e) {
      return e;
    }
    FAIL("expected an itsm::error");
    throw std::logic_error("unreachable");
  };
  expect_named(catch_it([&] {
                 system.incidents().record(desk, {.title = "t", .description = "d",
                                                  .state = model::incident_state::resolved});
               }),
               "state");
  expect_named(catch_it([&] {
                 system.incidents().record(desk, {.title = "t", .description = "d",
                                                  .opened_at = parse_iso("2020-01-01T00:00:00Z")});
               }),
               "opened_at");
  expect_named(catch_it([&] {
                 system.requests().record(desk, {.title = "t", .state = model::request_state::closed,
                                                 .request_type = "access"});
               }),
               "state");
  auto rfc_draft = draft({db01.id});
  rfc_draft.state = model::rfc_state::approved;  // a self-approved change
  expect_named(catch_it([&] { changes.submit(rita, rfc_draft); }), "state");
  rfc_draft = draft({db01.id});
  rfc_draft.requester = "someone-else";
  expect_named(catch_it([&] { changes.submit(rita, rfc_draft); }), "requester");
  model::release rel;
  rel.name = "r";
  rel.state = model::release_state::deployed;
  expect_named(catch_it([&] { system.releases().plan(rob, rel); }), "state");
  CHECK(take() == before);
}
