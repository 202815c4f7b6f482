// verify_records: replays the trail into the state it says each record has, then walks every
// table once and compares (itsm/audit/records.hpp, docs/audit.md).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <tuple>
#include <unordered_map>

#include "itsm/audit/records.hpp"
#include "id_table.hpp"
#include "sha256.hpp"

namespace itsm::audit {

namespace {

struct sv_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

enum class state : unsigned char { hashed, unhashed, erased, malformed };

// What the trail says about one object: its last applied entry.
struct expected {
  std::int64_t seq = 0;
  std::int64_t revision = 0;
  detail::digest hash{};
  state st = state::unhashed;
  bool seen = false;  // a row was found for it
};

struct kind_state {
  detail::id_table<expected> objects;
  std::int64_t max_number = 0;  // highest "<prefix>-<n>" id number the trail knows
};

using trail_state = std::unordered_map<std::string, kind_state, sv_hash, std::equal_to<>>;

// The n of an id "<prefix>-<n>", or 0.
std::int64_t id_number(std::string_view id) noexcept {
  const auto dash = id.rfind('-');
  if (dash == std::string_view::npos || dash + 1 == id.size()) return 0;
  std::int64_t n = 0;
  const auto [p, ec] = std::from_chars(id.data() + dash + 1, id.data() + id.size(), n);
  return ec == std::errc{} && p == id.data() + id.size() ? n : 0;
}

expected expectation(const storage::audit_record& e) {
  expected x;
  x.seq = e.seq;
  x.revision = e.revision;
  if (e.record_hash.empty())
    x.st = state::unhashed;
  else if (e.record_hash == erased_record_hash)
    x.st = state::erased;
  else
    x.st = detail::from_hex(e.record_hash, x.hash) ? state::hashed : state::malformed;
  return x;
}

// Reads the trail in one streamed walk; the last applied entry of each object wins.
trail_state replay(storage::transaction& tx, record_verification& r) {
  trail_state kinds;
  kind_state* cur = nullptr;  // entries of one kind tend to come in runs
  std::string_view cur_kind;
  tx.for_each_audit(storage::audit_query{}, [&](const storage::audit_record& e) {
    ++r.entries;
    r.through_seq = e.seq;
    if (e.outcome != "applied") return true;
    if (!cur || e.kind != cur_kind) {
      auto it = kinds.find(std::string_view(e.kind));
      if (it == kinds.end()) it = kinds.emplace(e.kind, kind_state{}).first;
      cur = &it->second;
      cur_kind = it->first;
    }
    cur->max_number = std::max(cur->max_number, id_number(e.object_id));
    *cur->objects.try_emplace(e.object_id).first = expectation(e);
    return true;
  });
  return kinds;
}

class checker {
 public:
  checker(const record_verify_options& o, record_verification& r) : o_(o), r_(r) {}

  void table(storage::transaction& tx, const std::string& kind, kind_state* ks) {
    tx.for_each(kind, [&](std::string_view id, std::int64_t revision, const std::vector<value>& values) {
      ++r_.records;
      row(kind, ks, id, revision, values);
      return true;
    });
    if (ks) missing_rows(kind, *ks, "");
  }

  void missing_rows(const std::string& kind, const kind_state& ks, std::string_view why) {
    for (const auto& [id, x] : ks.objects.items())
      if (!x.seen && x.st != state::erased)
        find(kind, id, record_problem::missing,
             fmt::format("audit entry {} wrote revision {}; the store has no such row{}", x.seq, x.revision, why));
  }

  void sequences(storage::transaction& tx, const trail_state& trail) {
    tx.for_each(o_.sequence_kind, [&](std::string_view id, std::int64_t, const std::vector<value>& values) {
      ++r_.records;
      ++r_.sequences;
      const auto it = trail.find(id);
      const std::int64_t known = it == trail.end() ? 0 : it->second.max_number;
      if (values.empty() || values[0].type() != value_type::integer)
        find(o_.sequence_kind, id, record_problem::sequence_behind, "the counter holds no integer");
      else if (values[0].as_int() <= known)
        find(o_.sequence_kind, id, record_problem::sequence_behind,
             fmt::format("next is {} but the trail already knows {} number {}", values[0].as_int(), id, known));
      return true;
    });
  }

  void find(std::string_view kind, std::string_view id, record_problem p, std::string detail) {
    r_.findings.push_back({std::string(kind), std::string(id), p, std::move(detail)});
  }

 private:
  void row(const std::string& kind, kind_state* ks, std::string_view id, std::int64_t revision,
           const std::vector<value>& values) {
    expected* xp = ks ? ks->objects.find(id) : nullptr;
    if (!xp)
      return find(kind, id, record_problem::not_in_trail,
                  fmt::format("row at revision {} that no applied audit entry wrote", revision));
    expected& x = *xp;
    x.seen = true;
    if (x.st == state::erased)
      return find(kind, id, record_problem::not_in_trail,
                  fmt::format("audit entry {} erased it; the store still has it at revision {}", x.seq, revision));
    if (revision != x.revision)
      return find(kind, id, record_problem::wrong_revision,
                  fmt::format("audit entry {} wrote revision {}; the row is at revision {}", x.seq, x.revision,
                              revision));
    switch (x.st) {
      case state::hashed:
        if (detail::record_digest(kind, id, revision, values) == x.hash) {
          ++r_.verified;
          return;
        }
        return find(kind, id, record_problem::content_changed,
                    fmt::format("content differs from what audit entry {} wrote (revision {})", x.seq, revision));
      case state::malformed:
        return find(kind, id, record_problem::content_changed,
                    fmt::format("audit entry {} holds a malformed record_hash", x.seq));
      case state::unhashed:
        ++r_.unhashed;
        if (o_.require_hashes)
          find(kind, id, record_problem::not_hashed,
               fmt::format("audit entry {} predates record hashes; only the revision was checked", x.seq));
        return;
      case state::erased: return;
    }
  }

  const record_verify_options& o_;
  record_verification& r_;
};

}  // namespace

record_verification verify_records(storage::backend& store, const record_verify_options& o) {
  record_verification r;
  auto registered = store.kinds();
  std::sort(registered.begin(), registered.end());
  auto tx = store.begin(storage::tx_mode::read_only);
  auto trail = replay(*tx, r);
  std::set<std::string, std::less<>> kinds(registered.begin(), registered.end());
  for (const auto& [kind, ks] : trail) kinds.insert(kind);
  checker check(o, r);
  for (const auto& kind : kinds) {
    if (kind == o.sequence_kind) continue;
    const auto it = trail.find(std::string_view(kind));
    kind_state* ks = it == trail.end() ? nullptr : &it->second;
    if (!std::binary_search(registered.begin(), registered.end(), kind))
      check.missing_rows(kind, *ks, " (its kind is not registered with the store)");
    else
      check.table(*tx, kind, ks);
  }
  if (!o.sequence_kind.empty() && std::binary_search(registered.begin(), registered.end(), o.sequence_kind))
    check.sequences(*tx, trail);
  std::sort(r.findings.begin(), r.findings.end(), [](const record_finding& a, const record_finding& b) {
    return std::tie(a.kind, a.id, a.problem) < std::tie(b.kind, b.id, b.problem);
  });
  r.ok = r.findings.empty();
  return r;
}

}  // namespace itsm::audit
