#include "tables.hpp"

#include <algorithm>
#include <cstdint>
#include <cassert>

namespace itsm::storage::detail {

std::string encode_fields(const sec_index& ix, const std::vector<value>& values) {
  std::string out;
  out.reserve(16 * ix.cols.size() + 16);
  for (std::size_t col : ix.cols) append_key(out, col < values.size() ? values[col] : null_value());
  return out;
}

kind_store::kind_store(schema s) : schema_(std::move(s)) {
  indexes_ = build_indexes(schema_);
  incomparable_.assign(schema_.fields.size(), 0);
}

const row* kind_store::find(std::string_view id) const {
  const auto& by_id = rows_.get<0>();
  auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : &*it;
}

void kind_store::count_incomparable(const std::vector<value>& vals, int delta) noexcept {
  for (std::size_t i = 0; i < vals.size() && i < incomparable_.size(); ++i)
    if (incomparable(vals[i])) incomparable_[i] += static_cast<std::size_t>(delta);
}

std::optional<record> kind_store::apply(std::string_view id, std::optional<record> next) {
  auto& by_id = rows_.get<0>();
  auto it = by_id.find(id);
  const std::size_t n = indexes_.size();

  if (!next) {
    if (it == by_id.end()) return std::nullopt;
    record prev{it->id, it->revision, {}};  // may throw; nothing changed yet
    for (std::size_t i = 0; i < n; ++i) indexes_[i]->set.erase(it->pos[i]);
    count_incomparable(it->values, -1);
    prev.values = std::move(it->values);
    by_id.erase(it);
    return prev;
  }

  // Everything that can throw happens before the first change. Keys go to one scratch buffer:
  // key i is scratch_[key_off_[i] .. key_off_[i+1]) with its fields part key_flen_[i] long.
  if (next->values.size() < schema_.fields.size()) next->values.resize(schema_.fields.size());
  scratch_.clear();
  key_off_.assign(1, 0);
  key_flen_.clear();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t col : indexes_[i]->cols) append_key(scratch_, next->values[col]);
    key_flen_.push_back(scratch_.size() - key_off_.back());
    scratch_.append(id);
    key_off_.push_back(scratch_.size());
  }
  auto key = [&](std::size_t i) {
    return std::string_view(scratch_).substr(key_off_[i], key_off_[i + 1] - key_off_[i]);
  };

  if (it == by_id.end()) {
    auto [rit, inserted] = by_id.emplace(std::string(id), next->revision, std::move(next->values));
    assert(inserted);
    (void)inserted;
    std::size_t done = 0;
    try {
      rit->pos.reserve(n);
      for (; done < n; ++done) {
        auto [eit, ok] = indexes_[done]->set.emplace(&*rit, ix_key(key(done), key_flen_[done]));
        assert(ok);
        (void)ok;
        rit->pos.push_back(eit);
      }
    } catch (...) {
      for (std::size_t i = 0; i < done; ++i) indexes_[i]->set.erase(rit->pos[i]);
      by_id.erase(rit);
      throw;
    }
    count_incomparable(rit->values, +1);
    return std::nullopt;
  }

  record prev{it->id, it->revision, {}};
  std::vector<entry_it> fresh(n);
  std::vector<char> changed(n, 0);
  std::size_t done = 0;
  try {
    for (; done < n; ++done) {
      if (it->pos[done]->key.all() == key(done)) continue;
      auto [eit, ok] = indexes_[done]->set.emplace(&*it, ix_key(key(done), key_flen_[done]));
      assert(ok);
      (void)ok;
      fresh[done] = eit;
      changed[done] = 1;
    }
  } catch (...) {
    for (std::size_t i = 0; i < done; ++i)
      if (changed[i]) indexes_[i]->set.erase(fresh[i]);
    throw;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!changed[i]) continue;
    indexes_[i]->set.erase(it->pos[i]);
    it->pos[i] = fresh[i];
  }
  count_incomparable(it->values, -1);
  count_incomparable(next->values, +1);
  prev.values = std::move(it->values);
  it->values = std::move(next->values);
  it->revision = next->revision;
  return prev;
}

void kind_store::insert_new(const std::vector<record*>& recs) {
  auto& by_id = rows_.get<0>();
  const std::size_t n = indexes_.size();
  std::vector<const row*> added;
  added.reserve(recs.size());
  // One index's new keys, all in one buffer (no allocation per key): key j is
  // arena[off .. off + len) with its fields part flen long.
  struct pending {
    byte_head head;  // most comparisons end here
    std::size_t off, len, flen;
    const row* r;
  };
  std::vector<pending> keys;
  std::string arena;
  std::vector<std::uint32_t> order;
  try {
    // recs come in id order: each row goes in through the id-ordered index right after the
    // previous one (a hint that is right costs no tree search), the hashed index alongside.
    auto& in_order = rows_.get<1>();
    auto hint = in_order.end();
    for (record* rec : recs) {
      if (rec->values.size() < schema_.fields.size()) rec->values.resize(schema_.fields.size());
      // New ids only (the caller checked), so the emplace always inserts.
      const auto it = in_order.emplace_hint(hint, std::move(rec->id), rec->revision, std::move(rec->values));
      added.push_back(&*it);
      it->pos.reserve(n);
      hint = std::next(it);
    }
    keys.reserve(added.size());
    for (std::size_t i = 0; i < n; ++i) {
      keys.clear();
      arena.clear();
      for (const row* r : added) {
        const std::size_t off = arena.size();
        for (std::size_t col : indexes_[i]->cols) append_key(arena, r->values[col]);
        const std::size_t flen = arena.size() - off;
        arena.append(r->id);
        keys.push_back({byte_head(std::string_view(arena).substr(off)), off, arena.size() - off, flen, r});
      }
      const std::string_view all(arena);
      const auto key = [&](const pending& p) { return all.substr(p.off, p.len); };
      // Sorted by position (small swaps), compared through the keys.
      order.resize(keys.size());
      for (std::uint32_t j = 0; j < order.size(); ++j) order[j] = j;
      std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return byte_head::less(keys[a].head, key(keys[a]), keys[b].head, key(keys[b]));
      });
      auto& set = indexes_[i]->set;
      auto hint = set.end();
      for (const std::uint32_t j : order) {
        const auto& p = keys[j];
        auto it = set.emplace_hint(hint, p.r, ix_key(key(p), p.flen));
        p.r->pos.push_back(it);
        hint = std::next(it);
      }
    }
  } catch (...) {
    for (const row* r : added) {
      for (std::size_t i = 0; i < r->pos.size(); ++i) indexes_[i]->set.erase(r->pos[i]);
      by_id.erase(by_id.find(r->id));
    }
    throw;
  }
  for (const row* r : added) count_incomparable(r->values, +1);
}

std::vector<std::unique_ptr<sec_index>> kind_store::build_indexes(const schema& s) const {
  std::vector<std::unique_ptr<sec_index>> out;
  for (const auto& def : s.indexes) {
    auto ix = std::make_unique<sec_index>();
    ix->def = def;
    for (const auto& f : def.fields) ix->cols.push_back(*s.field_index(f));
    out.push_back(std::move(ix));
  }
  return out;
}

void kind_store::reserve(std::size_t rows) {
  // Boost rehashes to exactly the size asked for: grow geometrically, or every batch rehashes.
  auto& by_id = rows_.get<0>();
  if (static_cast<float>(rows) <= static_cast<float>(by_id.bucket_count()) * by_id.max_load_factor()) return;
  rows = std::max(rows, 2 * rows_.size());
  by_id.reserve(rows);
  for (auto& ix : indexes_) ix->set.get<1>().reserve(rows);
}

void kind_store::upgrade(schema s) {
  const std::size_t m = s.fields.size();
  bool same_indexes = s.indexes.size() == schema_.indexes.size();
  for (std::size_t i = 0; same_indexes && i < s.indexes.size(); ++i)
    same_indexes = s.indexes[i].name == schema_.indexes[i].name &&
                   s.indexes[i].fields == schema_.indexes[i].fields;

  // Phase 1 (may throw, changes nothing visible): new indexes, new positions, capacity.
  std::vector<std::unique_ptr<sec_index>> fresh;
  std::vector<std::vector<entry_it>> fresh_pos;
  if (!same_indexes) {
    fresh = build_indexes(s);
    fresh_pos.resize(rows_.size());
    std::size_t k = 0;
    for (const row& r : rows_) {
      fresh_pos[k].reserve(fresh.size());
      for (auto& ix : fresh) {
        std::string key = encode_fields(*ix, r.values);
        const std::size_t flen = key.size();
        key.append(r.id);
        fresh_pos[k].push_back(ix->set.emplace(&r, ix_key(key, flen)).first);
      }
      ++k;
    }
  }
  std::vector<std::size_t> counts = incomparable_;
  counts.resize(m, 0);
  for (const row& r : rows_) r.values.reserve(m);

  // Phase 2: nothing below allocates or throws.
  std::size_t k = 0;
  for (const row& r : rows_) {
    r.values.resize(m);
    if (!same_indexes) r.pos.swap(fresh_pos[k]);
    ++k;
  }
  if (!same_indexes) indexes_.swap(fresh);
  incomparable_.swap(counts);
  schema_ = std::move(s);
}

}  // namespace itsm::storage::detail
