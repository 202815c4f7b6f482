// The `changes` document of an audit entry: {"field":[before,after],…}, built byte-stably (keys
// sorted bytewise, no whitespace, one encoding per value) and parsed back for history displays.
// Thread-safety: free functions without shared state; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/error.hpp"
#include "itsm/core/export.hpp"
#include "itsm/core/value.hpp"
#include "itsm/storage/schema.hpp"

namespace itsm::audit {

struct ITSM_API field_change {
  std::string field;
  value before;   // Default: null (e.g. on create)
  value after;    // Default: null (e.g. on retire / erase)

  bool operator==(const field_change&) const = default;
};

// The canonical JSON of one value: null, true/false, integers in decimal, reals as the shortest
// text that reads back to the same double, always with a '.' or an exponent ("2.0", "1.5e+300";
// NaN and infinities, which JSON lacks, as the strings "NaN", "Infinity", "-Infinity"), text as
// a JSON string (only '"', '\\' and control characters escaped; invalid UTF-8 bytes become
// U+FFFD), times as ISO 8601 strings (itsm::to_iso).
ITSM_API std::string encode_value(const value& v);

// {"field":[before,after],…} with the fields sorted bytewise. Order of `changes` is irrelevant.
// Errors: invalid_argument (empty or duplicate field name).
ITSM_API std::string encode_changes(std::vector<field_change> changes);

// Convenience: the changes between two records of the same schema, only fields that differ
// (compared with value ==).
// REQUIRES: before.values and after.values each hold one value per field of `s` (an empty
// `before` means "created": every non-null field of `after` is listed; likewise an empty
// `after` means "erased").
// Errors: invalid_argument (value counts do not fit the schema).
ITSM_API std::vector<field_change> diff(const storage::schema& s, const storage::record& before,
                                        const storage::record& after);

// Parses a changes document back, fields in sorted order. JSON strings come back as text
// (times included, as ISO strings), integers as integers, reals as reals.
// Errors: corrupt (not JSON, not an object of two-element arrays of scalars, an integer out
// of range).
ITSM_API std::vector<field_change> decode_changes(std::string_view json);

// As above, restoring the schema's types where the JSON lost them: ISO strings of time fields
// become times, integers of real fields become reals. Fields unknown to `s` are kept as parsed.
// Errors: corrupt (as above, or a time field whose string is not an ISO timestamp).
ITSM_API std::vector<field_change> decode_changes(std::string_view json, const storage::schema& s);

// The `changes` document of a refused operation: {"violations":[{"message":…,"rule":…},…]}
// in the given order, byte-stable like encode_changes.
ITSM_API std::string encode_violations(const std::vector<violation>& violations);

}  // namespace itsm::audit
