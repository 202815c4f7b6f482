// The insides of itsm::filter: a tree of conjunctions, disjunctions and leaves (each leaf one
// field's conditions), checked against a kind's schema and lowered to a storage::query (where
// for the top-level conjunction, one any_of per disjunction). Not stable API.
// Thread-safety: nodes are immutable once built.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "itsm/process/query.hpp"
#include "itsm/storage/query.hpp"
#include "itsm/storage/schema.hpp"

namespace itsm::detail {

struct filter_node {
  enum class shape { every, leaf, all_of, one_of };
  shape is = shape::every;
  // leaf: the conditions (all on `field`) and what the caller wrote, for messages
  std::string field;
  std::string wrote;  // e.g. "starts_with"
  bool text_only = false;
  std::vector<storage::condition> conds;
  // all_of / one_of
  std::vector<std::shared_ptr<const filter_node>> children;
};

struct filter_access {
  static const filter_node* node(const filter& f) { return f.node_.get(); }
  static std::shared_ptr<const filter_node> node_ptr(const filter& f) { return f.node_; }
  static filter make(std::shared_ptr<const filter_node> n) { return filter(std::move(n)); }
};

// Checks every leaf against `s` (known, indexed field; value of the field's type) and fills
// q.where and q.any. Errors: invalid_argument naming the kind and field, or a filter whose
// disjunctions expand beyond 64 alternatives.
void lower_filter(const filter& f, const storage::schema& s, storage::query& q);

// Fields an index of `s` covers (any position), and "id".
bool is_indexed(const storage::schema& s, const std::string& field);

// A deterministic text of q's kind, where, any, order: what a cursor's fingerprint covers.
std::string canonical_text(const storage::query& q);

}  // namespace itsm::detail
