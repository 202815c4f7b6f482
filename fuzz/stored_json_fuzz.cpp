// JSON texts inside stored records: list and attribute fields (model/codec.hpp), the `changes`
// document of audit entries (audit/changes.hpp) and baseline snapshots (process/baseline.hpp).
// The same input goes to every decoder. For each, once decoded, encoding is a fixed point:
// encode(decode(encode(decode(x)))) == encode(decode(x)).
#include "fuzz_support.hpp"
#include "itsm/audit/changes.hpp"
#include "itsm/model/codec.hpp"
#include "itsm/process/baseline.hpp"

using namespace itsm;

namespace {

// A schema with one field per type, so decode_changes(json, schema) restores types.
const storage::schema& typed_schema() {
  static const storage::schema s{"fuzzed", 1,
                                 {{"b", value_type::boolean, true},
                                  {"i", value_type::integer, true},
                                  {"r", value_type::real, true},
                                  {"s", value_type::text, true},
                                  {"t", value_type::time, true}},
                                 {}};
  return s;
}

template <class Decode, class Encode>
void fixed_point(const std::string& text, Decode decode, Encode encode, const char* what) {
  std::string once;
  if (!fuzz::accepts([&] { once = encode(decode(text)); })) return;
  fuzz::check(encode(decode(once)) == once, what, once);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(fuzz::as_text(data, size));
  fixed_point(text, model::detail::decode_list, model::detail::encode_list, "list");
  fixed_point(text, model::detail::decode_attributes, model::detail::encode_attributes, "attributes");
  fixed_point(text, decode_snapshot, encode_snapshot, "snapshot");
  const auto changes = [](const std::string& t) { return audit::decode_changes(t); };
  fixed_point(text, changes, audit::encode_changes, "changes");
  const auto typed = [](const std::string& t) { return audit::decode_changes(t, typed_schema()); };
  fixed_point(text, typed, audit::encode_changes, "typed changes");
  return 0;
}
