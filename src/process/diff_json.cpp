#include "diff_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "itsm/audit/changes.hpp"

namespace itsm::detail {

std::string encode_diff(const storage::schema& s, const storage::record& before, const storage::record& after) {
  const auto n = s.fields.size();
  const bool created = before.values.empty(), erased = after.values.empty();
  if ((!created && before.values.size() != n) || (!erased && after.values.size() != n))
    throw_error(errc::invalid_argument, fmt::format("diff: records do not fit schema '{}' ({} fields)", s.kind, n));
  // encode_changes lists the changes by name: here positions are sorted, not field_change objects.
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return s.fields[a].name < s.fields[b].name; });
  static const value null_value;
  std::string out = "{";
  const std::string* last = nullptr;  // the previous changed field's name
  for (const std::uint32_t i : order) {
    const value& b = created ? null_value : before.values[i];
    const value& a = erased ? null_value : after.values[i];
    if (a == b) continue;
    const std::string& field = s.fields[i].name;
    if (field.empty()) throw_error(errc::invalid_argument, "changes: empty field name");
    if (last != nullptr && *last == field)
      throw_error(errc::invalid_argument, fmt::format("changes: field '{}' twice", field));
    if (last != nullptr) out += ',';
    last = &field;
    out += audit::encode_value(value(field));  // a name is encoded as a JSON string, like a text value
    out += ":[";
    out += audit::encode_value(b);
    out += ',';
    out += audit::encode_value(a);
    out += ']';
  }
  out += '}';
  return out;
}

}  // namespace itsm::detail
