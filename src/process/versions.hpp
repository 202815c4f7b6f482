// The applied versions of one record read from the audit trail (R-9.1-versions, R-9.1-trace,
// R-6.1-change), shared by the CMDB's and the catalogue's history. Not installed.
// Thread-safety: stateless.
#pragma once

#include <string>
#include <vector>

#include "itsm/process/configuration.hpp"
#include "detail/context.hpp"

namespace itsm::detail {

// Appends to `out` every applied audit entry of (kind, key), oldest first, its changes decoded.
inline void append_versions(const context& ctx, storage::transaction& tx, const std::string& kind,
                            const std::string& key, std::vector<version_entry>& out) {
  storage::audit_query q;
  q.kind = kind;
  q.object_id = key;
  const auto& schema = ctx.schema(kind);
  for (const auto& e : tx.scan_audit(q))
    if (e.outcome == "applied")
      out.push_back(version_entry{e.seq, e.kind, e.object_id, e.revision, e.at, e.actor, e.action,
                                  audit::decode_changes(e.changes, schema), e.reason, e.reference});
}

}  // namespace itsm::detail
