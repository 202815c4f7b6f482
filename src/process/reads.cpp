#include "reads.hpp"

#include "detail/write_scope.hpp"

namespace itsm::detail {

reader::reader(const context& ctx, const actor& who, const std::string& kind) : ctx_(ctx), who_(who) {
  authorize_read(ctx_, who_, kind, "");
  tx_ = ctx_.read();
}

bool reader::allowed(const std::string& kind, const std::string& key, const std::string& customer,
                     const storage::record* stored) {
  return ask_authorizer(ctx_, access_request{who_, "read", kind, key, "", customer, stored}).allowed;
}

void reader::hidden(const std::string& kind, const std::string& key) {
  tx_.reset();  // the denial is written outside the read snapshot
  audit_attempt(ctx_, ctx_.clk->now(), who_.name, "read", kind, key, "denied", "{}",
                "the record is not visible to " + who_.name);
  tx_ = ctx_.read();
}

}  // namespace itsm::detail
