// verify_records: replays the trail into the state it says each record has, then walks every
// table once and compares (itsm/audit/records.hpp, docs/audit.md).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
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
  std::int64_t erased_at = 0;  // the last entry that erased it (kept across later entries)
};

// An entry whose changes are a redaction marker: legitimate only before an erasure of its object.
struct redaction {
  std::uint32_t tag = 0;
  std::string id;
  std::int64_t seq = 0;
};

struct kind_state {
  std::uint32_t tag = 0;        // the kind's tag in trail::objects
  std::int64_t max_number = 0;  // highest "<prefix>-<n>" id number the trail knows
};

// What the trail says: per kind, and per (kind, object) the last applied entry.
struct trail_state {
  std::unordered_map<std::string, kind_state, sv_hash, std::equal_to<>> kinds;
  std::vector<std::string_view> kind_names;  // by tag (views of the keys above)
  detail::id_table<expected> objects;
  std::vector<redaction> redactions;
};

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
void replay(storage::transaction& tx, record_verification& r, trail_state& trail) {
  if (const auto head = tx.head_of_audit()) trail.objects.reserve(static_cast<std::size_t>(head->seq));
  kind_state* cur = nullptr;  // entries of one kind tend to come in runs
  std::string_view cur_kind;
  tx.for_each_audit(storage::audit_query{}, [&](const storage::audit_record& e) {
    ++r.entries;
    r.through_seq = e.seq;
    const bool redacted = storage::is_redaction_marker(e.changes);
    if (e.outcome != "applied" && !redacted) return true;
    if (!cur || e.kind != cur_kind) {
      auto it = trail.kinds.find(std::string_view(e.kind));
      if (it == trail.kinds.end()) {
        it = trail.kinds.emplace(e.kind, kind_state{static_cast<std::uint32_t>(trail.kind_names.size()), 0}).first;
        trail.kind_names.push_back(it->first);
      }
      cur = &it->second;
      cur_kind = it->first;
    }
    if (redacted) trail.redactions.push_back({cur->tag, e.object_id, e.seq});
    if (e.outcome != "applied") return true;
    cur->max_number = std::max(cur->max_number, id_number(e.object_id));
    auto& x = *trail.objects.try_emplace(cur->tag, e.object_id).first;
    const auto erased_at = x.erased_at;
    x = expectation(e);
    x.erased_at = x.st == state::erased ? e.seq : erased_at;
    return true;
  });
}

class checker {
 public:
  checker(const record_verify_options& o, record_verification& r, trail_state& t) : o_(o), r_(r), t_(t) {}

  // Every row of `kind` against the trail (`ks` null: the trail never mentions the kind).
  void table(storage::transaction& tx, const std::string& kind, const kind_state* ks) {
    tx.for_each(kind, [&](std::string_view id, std::int64_t revision, const std::vector<value>& values) {
      ++r_.records;
      row(kind, ks, id, revision, values);
      return true;
    });
  }

  // After every table: objects the trail says exist but no row was found for.
  void missing_rows(const std::vector<std::string>& registered) {
    for (const auto& it : t_.objects.items()) {
      const auto kind = t_.kind_names[it.tag];
      const auto& x = it.value;
      if (x.seen || x.st == state::erased || kind == o_.sequence_kind) continue;
      const bool known = std::binary_search(registered.begin(), registered.end(), kind);
      find(kind, it.id, record_problem::missing,
           fmt::format("audit entry {} wrote revision {}; the store has no such row{}", x.seq, x.revision,
                       known ? "" : " (its kind is not registered with the store)"));
    }
  }

  // Redacted entries: only a record erased after them — by a disposal, when o.disposed says which
  // records were disposed — may have lost its changes; any other redaction stripped evidence.
  void redactions() {
    for (const auto& red : t_.redactions) {
      const auto kind = t_.kind_names[red.tag];
      const expected* x = t_.objects.find(red.tag, red.id);
      if (!x || x->erased_at < red.seq)
        find(kind, red.id, record_problem::redacted_not_disposed,
             fmt::format("audit entry {} is redacted but no later entry erased the record", red.seq));
      else if (o_.disposed && !o_.disposed(kind, red.id))
        find(kind, red.id, record_problem::redacted_not_disposed,
             fmt::format("audit entry {} is redacted but no disposal record names the record", red.seq));
    }
  }

  void sequences(storage::transaction& tx) {
    tx.for_each(o_.sequence_kind, [&](std::string_view id, std::int64_t, const std::vector<value>& values) {
      ++r_.records;
      ++r_.sequences;
      const auto it = t_.kinds.find(id);
      const std::int64_t known = it == t_.kinds.end() ? 0 : it->second.max_number;
      if (values.empty() || values[0].type() != value_type::integer)
        find(o_.sequence_kind, id, record_problem::sequence_behind, "the counter holds no integer");
      else if (values[0].as_int() <= known)
        find(o_.sequence_kind, id, record_problem::sequence_behind,
             fmt::format("next is {} but the trail already knows {} number {}", values[0].as_int(), id, known));
      return true;
    });
  }

 private:
  void find(std::string_view kind, std::string_view id, record_problem p, std::string detail) {
    r_.findings.push_back({std::string(kind), std::string(id), p, std::move(detail)});
  }

  void row(const std::string& kind, const kind_state* ks, std::string_view id, std::int64_t revision,
           const std::vector<value>& values) {
    expected* xp = ks ? t_.objects.find(ks->tag, id) : nullptr;
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
  trail_state& t_;
};

}  // namespace

record_verification verify_records(storage::backend& store, const record_verify_options& o) {
  record_verification r;
  auto registered = store.kinds();
  std::sort(registered.begin(), registered.end());
  auto tx = store.begin(storage::tx_mode::read_only);
  trail_state trail;
  replay(*tx, r, trail);
  checker check(o, r, trail);
  for (const auto& kind : registered) {
    if (kind == o.sequence_kind ||
        std::find(o.delivery_kinds.begin(), o.delivery_kinds.end(), kind) != o.delivery_kinds.end())
      continue;
    const auto it = trail.kinds.find(std::string_view(kind));
    check.table(*tx, kind, it == trail.kinds.end() ? nullptr : &it->second);
  }
  check.missing_rows(registered);  // also every object of a kind the store does not have
  check.redactions();
  if (!o.sequence_kind.empty() && std::binary_search(registered.begin(), registered.end(), o.sequence_kind))
    check.sequences(*tx);
  std::sort(r.findings.begin(), r.findings.end(), [](const record_finding& a, const record_finding& b) {
    return std::tie(a.kind, a.id, a.problem) < std::tie(b.kind, b.id, b.problem);
  });
  r.ok = r.findings.empty();
  return r;
}

}  // namespace itsm::audit
