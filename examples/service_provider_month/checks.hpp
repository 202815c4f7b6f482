// The figures that must hold after a month, checked from the store: the example exits non-zero
// when one fails, which makes it an integration test. The SLA figures are recomputed here
// independently of the library's SLA clock code: by walking each ticket's event log over the
// SLA's business calendar (calendar layer only) and comparing with the library's figures.
// Thread-safety: single-threaded.
#pragma once

#include <string>
#include <vector>

#include "report.hpp"

namespace spm {

struct check_result {
  std::string name;
  bool ok = false;
  std::string detail;
};

std::vector<check_result> run_checks(itsm::sms& system, const world& w, const month& m, const story& st,
                                     const figures& f);

}  // namespace spm
