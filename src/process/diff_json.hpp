// The write path's shortcut to an audit entry's `changes`: the same bytes as
// audit::encode_changes(audit::diff(s, before, after)), without first copying every changed
// field's name and values into field_change objects and sorting those (a record's creation lists
// every field). Not stable API (itsm::detail). Thread-safety: a pure function.
#pragma once

#include <string>

#include "itsm/storage/schema.hpp"

namespace itsm::detail {

// REQUIRES and errors: as audit::diff() and audit::encode_changes() together (invalid_argument
// when the values do not fit the schema, or for an empty or repeated name among the changed fields).
std::string encode_diff(const storage::schema& s, const storage::record& before, const storage::record& after);

}  // namespace itsm::detail
