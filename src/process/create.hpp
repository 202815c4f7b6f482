// The creation of a record on the one write path: a draft (no id, no revision) is authorized
// as ("create", kind), prepared and checked by the caller's rules (each citing its R- id),
// saved, audited and committed. Not stable API. Thread-safety: stateless.
#pragma once

#include <fmt/format.h>

#include <functional>
#include <vector>

#include "detail/write_scope.hpp"

namespace itsm::detail {

// `rules` may set the fields the library owns (author, timestamps) before it returns the
// violations. Errors: invalid_argument for a draft with an id or revision; as write_scope.
template <class T>
T create(const context& ctx, const actor& who, T draft, const write_options& opts, const char* event,
         const std::function<std::vector<violation>(write_scope&, T&)>& rules) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, fmt::format("a new {} is a draft without id or revision", T::def().name()));
  write_scope w(ctx, who, "create");
  w.authorize(T::def().name(), "");
  auto v = rules(w, draft);
  w.rules(v, T::def().name(), "");
  auto saved = w.save(std::move(draft), nullptr, opts, event);
  w.commit();
  return saved;
}

}  // namespace itsm::detail
