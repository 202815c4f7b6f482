#include "overlay.hpp"

#include <algorithm>
#include <unordered_map>

#include "builder_state.hpp"
#include "itsm/graph/builder.hpp"

namespace itsm::graph::detail {

chunk::~chunk() {
  // A long history would otherwise be released one nested destructor call per chunk.
  auto next = std::move(older);
  while (next && next.use_count() == 1) {
    auto& mine = const_cast<chunk&>(*next);
    next = std::move(mine.older);
  }
}

// ---- view ----------------------------------------------------------------------------------

vertex view::find(node_key key) const noexcept {
  vertex v = b_.find(key);
  if (o_ && v == no_vertex) {
    v = o_->new_keys.find(node_hash(key), [&](std::uint32_t x) { return o_->find(x)->rec.key == key; });
    if (v == slot_index::none) return no_vertex;
  }
  if (const auto* d = dirty(v); d && d->removed) return no_vertex;
  return v;
}

vertex view::require(node_key key) const {
  const vertex v = find(key);
  if (v == no_vertex) throw_error(errc::not_found, "CI " + std::to_string(key) + " is not in the graph");
  return v;
}

graph_data::vertex_rec view::rec(vertex v) const noexcept {
  if (const auto* d = dirty(v)) return d->rec;
  return b_.verts[v];
}

std::string_view view::name(vertex v) const noexcept {
  if (const auto* d = dirty(v)) return d->name;
  return b_.name(v);
}

std::string_view view::type(vertex v) const noexcept {
  return o_ ? (*o_->type_names)[rec(v).type] : b_.type_names[b_.verts[v].type];
}

const group_info* view::group(vertex v, std::uint32_t* slot) const noexcept {
  if (const auto* d = dirty(v)) {
    if (!(d->rec.flags & flag_group)) return nullptr;
    if (slot) *slot = d->group_slot;
    return &d->group;
  }
  if (v >= b_.size()) return nullptr;
  const auto* g = b_.group_of(v);
  if (g && slot) *slot = static_cast<std::uint32_t>(g - b_.groups.data());
  return g;
}

namespace {
template <class G, class P>
row<P> row_of(const G& g, vertex v) {
  const auto& s = g.m_forward;
  const auto b = s.m_rowstart[v];
  return {s.m_column.data() + b, s.m_edge_properties.data() + b, s.m_rowstart[v + 1] - b};
}
}  // namespace

row<kind_edge> view::impact(vertex v) const noexcept {
  if (const auto* d = dirty(v)) return d->impact;
  return row_of<csr, kind_edge>(b_.impact, v);
}
row<kind_edge> view::depend(vertex v) const noexcept {
  if (const auto* d = dirty(v)) return d->depend;
  return row_of<csr, kind_edge>(b_.depend, v);
}
row<kind_edge> view::out(vertex v) const noexcept {
  if (const auto* d = dirty(v)) return d->out;
  return row_of<bidir_csr, kind_edge>(b_.rel, v);
}
row<quorum_edge> view::quorum(vertex v) const noexcept {
  if (const auto* d = dirty(v)) return d->quorum;
  return row_of<quorum_csr, quorum_edge>(b_.quorum, v);
}

// ---- fold ----------------------------------------------------------------------------------

namespace {

// The rows of one changed CI while its chunk's arrays still grow: offsets, made pointers at the end.
struct pending_rows {
  std::uint32_t begin[5] = {}, end[5] = {};  // impact, depend, out, in (cols/kinds); quorum (its own)
};

class folder {
 public:
  folder(builder_state& s, const graph_data& base, const overlay* last)
      : s_(s), base_(base), last_(last), before_(base, last) {}

  std::shared_ptr<const overlay> run();

 private:
  bool present(node_key k) const { return s_.find_node(k) != slot_index::none; }
  // The key's vertex id, also when its CI is removed (ids are never reused within one base).
  vertex reserved(node_key k) const {
    vertex v = base_.find(k);
    if (v == no_vertex && last_) {
      v = last_->new_keys.find(node_hash(k), [&](std::uint32_t x) { return last_->find(x)->rec.key == k; });
      if (v == slot_index::none) v = no_vertex;
    }
    return v;
  }
  vertex now(node_key k) const {  // the vertex of a CI present in the new snapshot
    if (const auto it = ids_.find(k); it != ids_.end()) return present(k) ? it->second : no_vertex;
    return before_.find(k);
  }
  std::vector<node_key> changed_keys() const;
  void group_of(dirty_vertex& d, node_key k, const node& n);
  void rows_of(dirty_vertex& d, node_key k, pending_rows& p);
  std::uint16_t type_id(const std::string& type);
  std::shared_ptr<const std::vector<dangling_relationship>> dangling(const std::vector<node_key>& keys) const;

  builder_state& s_;
  const graph_data& base_;
  const overlay* last_;
  view before_;
  std::unordered_map<node_key, vertex> ids_;  // every changed key with a vertex
  std::shared_ptr<chunk> chunk_ = std::make_shared<chunk>();
  std::shared_ptr<const std::vector<std::string>> types_;
  std::unordered_map<std::string_view, std::uint16_t> type_ids_;
  std::uint32_t group_slots_ = 0;
  std::unordered_map<vertex, std::uint32_t> record_of_;  // vertex → its record in chunk_

  std::uint32_t group_slot(vertex g) const {
    if (const auto it = record_of_.find(g); it != record_of_.end()) return chunk_->records[it->second].group_slot;
    std::uint32_t slot = 0;
    before_.group(g, &slot);
    return slot;
  }
};

// The touched keys, and those whose rows their change alters: the other end of each relationship
// that appears or disappears with a CI, and the groups a changed member counts in.
std::vector<node_key> folder::changed_keys() const {
  auto keys = s_.touched;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  const auto n = keys.size();
  for (std::size_t i = 0; i < n; ++i) {
    const node_key k = keys[i];
    const bool is = present(k), was = before_.find(k) != no_vertex;
    s_.for_each_edge(k, [&](std::uint32_t e) {
      const edge_slot& es = s_.edges[e];
      if (is != was) keys.push_back(es.from == k ? es.to : es.from);
      if (is && es.from == k && s_.kinds.kinds()[es.kind].failure == propagation::quorum) keys.push_back(es.to);
    });
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::uint16_t folder::type_id(const std::string& type) {
  if (const auto it = type_ids_.find(type); it != type_ids_.end()) return it->second;
  if (types_->size() >= std::numeric_limits<std::uint16_t>::max()) {
    throw_error(errc::invalid_argument, "too many CI types for one graph");
  }
  auto more = std::make_shared<std::vector<std::string>>(*types_);  // copied only for a new type
  more->push_back(type);
  types_ = more;
  type_ids_.clear();
  for (std::size_t i = 0; i < types_->size(); ++i) type_ids_.emplace((*types_)[i], static_cast<std::uint16_t>(i));
  return type_ids_.at(type);
}

// k of n over the members present now (a member linked twice counts once).
void folder::group_of(dirty_vertex& d, node_key k, const node& n) {
  std::vector<std::pair<vertex, bool>> members;  // vertex, available
  s_.for_each_edge(k, [&](std::uint32_t e) {
    const edge_slot& es = s_.edges[e];
    if (es.to != k || es.from == k || s_.kinds.kinds()[es.kind].failure != propagation::quorum) return;
    if (const vertex m = now(es.from); m != no_vertex) members.emplace_back(m, s_.node_of(es.from)->available);
  });
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }),
                members.end());
  if (members.empty()) return;
  std::uint32_t slot = no_vertex;
  if (before_.group(d.v, &slot) == nullptr) slot = group_slots_++;
  d.group_slot = slot;
  d.group.v = d.v;
  d.group.members = static_cast<std::uint32_t>(members.size());
  d.group.available = static_cast<std::uint32_t>(
      std::count_if(members.begin(), members.end(), [](const auto& m) { return m.second; }));
  d.group.required = n.required_members == 0 ? d.group.members : n.required_members;
  d.rec.flags |= flag_group;
}

// The CI's rows from its live relationships, in the order a full build gives them (by slot).
void folder::rows_of(dirty_vertex& d, node_key k, pending_rows& p) {
  std::vector<std::uint32_t> slots;
  s_.for_each_edge(k, [&](std::uint32_t e) { slots.push_back(e); });
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());  // a self-relationship is in both lists
  struct entry {
    vertex v;
    std::uint16_t kind;
  };
  std::vector<entry> rows[4];  // impact, depend, out, in
  std::vector<std::pair<vertex, std::uint16_t>> members, groups;
  for (const auto e : slots) {
    const edge_slot& es = s_.edges[e];
    const vertex a = es.from == k ? d.v : now(es.from);
    const vertex b = es.to == k ? d.v : now(es.to);
    if (a == no_vertex || b == no_vertex) continue;  // dangling
    const bool from_me = es.from == k, to_me = es.to == k;
    if (from_me) rows[2].push_back({b, es.kind});
    if (to_me) rows[3].push_back({a, es.kind});
    switch (s_.kinds.kinds()[es.kind].failure) {
      case propagation::to_source:
        if (to_me) rows[0].push_back({a, es.kind});
        if (from_me) rows[1].push_back({b, es.kind});
        break;
      case propagation::to_target:
        if (from_me) rows[0].push_back({b, es.kind});
        if (to_me) rows[1].push_back({a, es.kind});
        break;
      case propagation::both:
        if (to_me) rows[0].push_back({a, es.kind});
        if (from_me && a != b) rows[0].push_back({b, es.kind});
        if (from_me) rows[1].push_back({b, es.kind});
        if (to_me && a != b) rows[1].push_back({a, es.kind});
        break;
      case propagation::none: break;
      case propagation::quorum:
        if (a == b) break;
        if (from_me) groups.emplace_back(b, es.kind);
        if (to_me) members.emplace_back(a, es.kind);
        break;
    }
  }
  // Quorum: one entry per distinct (member, group), with the smallest kind, as a full build has it.
  const auto distinct = [](std::vector<std::pair<vertex, std::uint16_t>>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end(), [](const auto& x, const auto& y) { return x.first == y.first; }), v.end());
  };
  distinct(members);
  distinct(groups);
  if (d.rec.flags & flag_group)
    for (const auto& [m, kind] : members) rows[1].push_back({m, kind});  // a group depends on its members
  chunk& c = *chunk_;
  for (int r = 0; r < 4; ++r) {
    p.begin[r] = static_cast<std::uint32_t>(c.cols.size());
    for (const auto& x : rows[r]) {
      c.cols.push_back(x.v);
      c.kinds.push_back({x.kind});
    }
    p.end[r] = static_cast<std::uint32_t>(c.cols.size());
  }
  p.begin[4] = static_cast<std::uint32_t>(c.quorum_cols.size());
  for (const auto& [g, kind] : groups) {
    c.quorum_cols.push_back(g);
    c.quorum_props.push_back({kind, group_slot(g)});
  }
  p.end[4] = static_cast<std::uint32_t>(c.quorum_cols.size());
}

// The relationships of the changed keys that have lost an end now, and the last snapshot's
// dangling ones that no changed key touches (a relationship changes only with both its ends).
std::shared_ptr<const std::vector<dangling_relationship>> folder::dangling(const std::vector<node_key>& keys) const {
  const auto& old = last_ ? *last_->dangling : base_.dangling;
  const auto changed = [&](node_key k) { return std::binary_search(keys.begin(), keys.end(), k); };
  std::vector<dangling_relationship> now_dangling;
  for (const auto& x : old)
    if (!changed(x.relationship.from) && !changed(x.relationship.to)) now_dangling.push_back(x);
  const bool dropped = now_dangling.size() != old.size();
  bool found = false;
  for (const auto k : keys) {
    s_.for_each_edge(k, [&](std::uint32_t e) {
      const edge_slot& es = s_.edges[e];
      const bool from_missing = !present(es.from), to_missing = !present(es.to);
      if (!from_missing && !to_missing) return;
      now_dangling.push_back({edge{es.from, es.to, s_.kinds.kinds()[es.kind].name, es.id}, from_missing, to_missing});
      found = true;
    });
  }
  if (!dropped && !found && last_) return last_->dangling;
  const auto key = [](const dangling_relationship& d) {
    return std::tie(d.relationship.from, d.relationship.to, d.relationship.kind);
  };
  std::sort(now_dangling.begin(), now_dangling.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  now_dangling.erase(std::unique(now_dangling.begin(), now_dangling.end(),
                                 [&](const auto& a, const auto& b) { return key(a) == key(b); }),
                     now_dangling.end());
  return std::make_shared<const std::vector<dangling_relationship>>(std::move(now_dangling));
}

std::shared_ptr<const overlay> folder::run() {
  const auto keys = changed_keys();
  const std::size_t before_dirty = last_ ? last_->records.size() : 0;
  if (before_dirty + keys.size() > s_.touch_cap / 4) return nullptr;  // compact: a fresh base

  vertex next = static_cast<vertex>(before_.size());
  group_slots_ = static_cast<std::uint32_t>(before_.group_slots());
  types_ = last_ ? last_->type_names : std::make_shared<const std::vector<std::string>>(base_.type_names);
  for (std::size_t i = 0; i < types_->size(); ++i) type_ids_.emplace((*types_)[i], static_cast<std::uint16_t>(i));
  for (const auto k : keys) {
    vertex v = reserved(k);
    if (v == no_vertex && !present(k)) continue;  // came and went between two snapshots
    if (v == no_vertex) v = next++;
    ids_.emplace(k, v);
  }
  // Records first (groups need every member's presence), then the rows (quorum rows name slots).
  auto& c = *chunk_;
  c.records.reserve(ids_.size());
  for (const auto k : keys) {
    const auto it = ids_.find(k);
    if (it == ids_.end()) continue;
    dirty_vertex d;
    d.v = it->second;
    d.rec.key = k;
    if (const node* n = s_.node_of(k)) {
      d.name = n->name;
      d.rec.type = type_id(n->type);
      d.rec.flags = static_cast<std::uint8_t>((n->service ? flag_service : 0) | (n->available ? flag_available : 0));
      group_of(d, k, *n);
    } else {
      d.removed = true;
    }
    record_of_.emplace(d.v, static_cast<std::uint32_t>(c.records.size()));
    c.records.push_back(std::move(d));
  }
  std::vector<pending_rows> pending(c.records.size());
  for (std::size_t i = 0; i < c.records.size(); ++i)
    if (!c.records[i].removed) rows_of(c.records[i], c.records[i].rec.key, pending[i]);
  for (std::size_t i = 0; i < c.records.size(); ++i) {
    auto& d = c.records[i];
    const auto& p = pending[i];
    row<kind_edge>* rows[4] = {&d.impact, &d.depend, &d.out, &d.in};
    for (int r = 0; r < 4; ++r) *rows[r] = {c.cols.data() + p.begin[r], c.kinds.data() + p.begin[r], p.end[r] - p.begin[r]};
    d.quorum = {c.quorum_cols.data() + p.begin[4], c.quorum_props.data() + p.begin[4], p.end[4] - p.begin[4]};
  }

  auto o = std::make_shared<overlay>();
  if (last_) {
    o->records = last_->records;
    o->dirty = last_->dirty;
    o->new_keys = last_->new_keys;
  }
  for (const auto& d : c.records) {
    const auto slot = o->dirty.find(mix64(d.v), [&](std::uint32_t x) { return o->records[x]->v == d.v; });
    if (slot != slot_index::none) {
      o->records[slot] = &d;
      continue;
    }
    o->dirty.insert(mix64(d.v), static_cast<std::uint32_t>(o->records.size()));
    o->records.push_back(&d);
    if (d.v >= base_.size()) o->new_keys.insert(node_hash(d.rec.key), d.v);
  }
  c.older = last_ ? last_->newest : nullptr;
  o->newest = chunk_;
  o->vertex_count = next;
  o->group_slots = group_slots_;
  o->type_names = types_;
  o->dangling = dangling(keys);
  o->node_count = s_.node_index.size();
  o->edge_count = s_.edge_index.size() - o->dangling->size();
  return o;
}

}  // namespace

std::shared_ptr<const overlay> fold(builder_state& s, const graph_data& base, const overlay* last) {
  return folder(s, base, last).run();
}

graph flatten(const view& v) {
  builder b(v.base().kinds);
  for (vertex x = 0; x < v.size(); ++x) {
    const auto* d = v.dirty(x);
    if (d && d->removed) continue;
    const auto r = v.rec(x);
    const auto* g = v.group(x);
    b.put_node({r.key, std::string(v.type(x)), std::string(v.name(x)), (r.flags & flag_service) != 0,
                (r.flags & flag_available) != 0, g ? g->required : 0});
  }
  const auto& kinds = v.base().kinds.kinds();
  for (vertex x = 0; x < v.size(); ++x) {
    const auto* d = v.dirty(x);
    if (d && d->removed) continue;
    const auto out = v.out(x);
    for (std::uint32_t i = 0; i < out.size; ++i)
      b.add_edge({v.rec(x).key, v.rec(out.col[i]).key, kinds[out.props[i].kind].name, 0});
  }
  for (const auto& x : *v.delta()->dangling) b.add_edge(x.relationship);
  return b.build();
}

}  // namespace itsm::graph::detail
