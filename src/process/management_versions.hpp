// What the versioned records of the management system (the SMS plan, controlled documents)
// share: a draft becomes version last + 1 of its series, one open draft per series; approval by
// someone other than the author makes it current and the version it replaces obsolete, in the
// same transaction. Not stable API. Thread-safety: stateless.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "itsm/model/management_documents.hpp"
#include "detail/write_scope.hpp"

namespace itsm::detail {

// The versions of one series: every plan, or every version of one document name.
template <class T>
std::vector<T> series_of(storage::transaction& tx, const T& x) {
  storage::query q;
  if constexpr (requires { x.name; }) q.where_eq("name", x.name);
  return load_all<T>(tx, q);
}

// Numbers a draft and checks that the series has no open draft. `rule`: the R- id cited.
template <class T>
std::vector<violation> number_draft(write_scope& w, T& draft, const char* rule) {
  std::vector<violation> v;
  std::int64_t last = 0;
  for (const auto& other : series_of(w.tx(), draft)) {
    last = std::max(last, other.version);
    if (other.state == model::version_state::draft)
      v.push_back({rule, fmt::format("{} is an open draft of this series; approve it before the next version",
                                     T::def().key(other))});
  }
  draft.version = last + 1;
  draft.state = model::version_state::draft;
  draft.author = w.who().name;
  return v;
}

// Approves the draft at `key` (rules: `extra` plus the record's invariants) and marks the
// series' current version obsolete. The approver must not be the author (denied).
template <class T>
T approve_version(const context& ctx, const actor& who, const std::string& key, const char* rule,
                  std::vector<violation> (*extra)(write_scope&, const T&), const write_options& opts) {
  const auto& kind = T::def().name();
  write_scope w(ctx, who, "approve");
  auto before = w.get<T>(key);
  w.authorize(kind, key, "approve");
  auto v = before.check();
  if (before.state != model::version_state::draft)
    v.push_back({rule, fmt::format("{} is {}, only a draft is approved", key, model::enum_to_string(before.state))});
  if (extra)
    for (auto& x : extra(w, before)) v.push_back(std::move(x));
  w.rules(v, kind, key);
  w.deny_if(before.author == who.name, kind, key, rule,
            fmt::format("{} wrote {}; someone else approves it before issue", who.name, key));
  for (const auto& old : series_of(w.tx(), before)) {
    if (old.state != model::version_state::approved) continue;
    auto stored = w.get<T>(T::def().key(old));
    auto obsolete = stored;
    obsolete.state = model::version_state::obsolete;
    w.save(std::move(obsolete), &stored, opts, "obsoleted");
  }
  auto after = before;
  after.state = model::version_state::approved;
  after.approved_by = who.name;
  after.approved_at = w.now();
  auto saved = w.save(std::move(after), &before, opts, "approved");
  w.commit();
  return saved;
}

}  // namespace itsm::detail
