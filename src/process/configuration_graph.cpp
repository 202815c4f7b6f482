// configuration_management's reads of the live CMDB graph (src/process/live_graph.hpp).
#include <fmt/format.h>

#include "itsm/process/configuration.hpp"
#include "detail/write_scope.hpp"
#include "live_graph.hpp"

namespace itsm {

namespace {

// The graph shows every CI, so only a caller who may read every CI gets it.
void authorize_graph(const detail::context& ctx, const actor& who) {
  detail::authorize_read(ctx, who, "configuration_item", "", "graph");
  detail::authorize_read(ctx, who, "relationship", "", "graph");
  if (ctx.auth->scope_of_reads(who, "configuration_item").on == read_scope::basis::every_record) return;
  const std::string why = "the CMDB graph shows every CI; " + who.name + " may read only some";
  detail::audit_attempt(ctx, ctx.clk->now(), who.name, "read", "configuration_item", "", "denied", "{}", why);
  throw_error(errc::permission_denied, fmt::format("{} may not read the CMDB graph: {}", who.name, why));
}

}  // namespace

itsm::graph::graph configuration_management::graph(const actor& who) const {
  authorize_graph(*ctx_, who);
  return ctx_->cmdb->snapshot(*ctx_);
}

}  // namespace itsm
