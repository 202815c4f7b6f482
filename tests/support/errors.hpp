// Test helpers for expected itsm::errors, usable from every test area (core and up).
#pragma once

#include <catch2/catch.hpp>

#include "itsm/core/error.hpp"

namespace itsm::test {

// The itsm::error f throws; a test failure when it throws none (another exception escapes and
// fails the test too).
template <class F>
itsm::error error_of(F&& f) {
  try {
    f();
  } catch (const itsm::error& e) {
    return e;
  }
  FAIL("expected an itsm::error");
  return itsm::error(errc::invalid_argument, "unreachable");
}

template <class F>
errc code_of(F&& f) {
  return error_of(std::forward<F>(f)).code();
}

}  // namespace itsm::test
