// Stored records -> model structs (kind_def<T>::decode) for every kind: what an adapter hands
// back from a file that may be damaged or written by another version. The fuzzer picks the
// kind, the key, and per field a value of the declared type or of any other type.
#include <fuzzer/FuzzedDataProvider.h>

#include <functional>
#include <vector>

#include "fuzz_support.hpp"
#include "itsm/model/change.hpp"
#include "itsm/model/change_records.hpp"
#include "itsm/model/ci_type.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/customer.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/model/link.hpp"
#include "itsm/model/problem.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/model/service.hpp"
#include "itsm/process/incidents.hpp"
#include "itsm/process/ticket_log.hpp"

using namespace itsm;

namespace {

// The supported range of instants, in microseconds since the epoch (core/time.hpp).
constexpr std::int64_t min_us = -17'987'443'200'000'000, max_us = 253'402'300'799'999'999;

value any_value(FuzzedDataProvider& in, value_type declared) {
  const auto pick = in.ConsumeIntegralInRange<int>(0, 7);
  const auto type = pick <= 1 ? declared : static_cast<value_type>(pick - 2);  // 2..7: any type
  switch (type) {
    case value_type::null: return value();
    case value_type::boolean: return value(in.ConsumeBool());
    case value_type::integer: return value(in.ConsumeIntegral<std::int64_t>());
    case value_type::real: return value(in.ConsumeFloatingPoint<double>());
    case value_type::text: return value(in.ConsumeRandomLengthString(256));
    case value_type::time: return value(from_unix_micros(in.ConsumeIntegralInRange(min_us, max_us)));
  }
  return value();
}

// Decodes a fuzzed record of kind T. What decodes keeps its key, and (when it can be stored at
// all: its texts UTF-8) encodes to values that decode and encode again to the same values.
template <class T>
void decode_one(FuzzedDataProvider& in) {
  const auto& k = T::def();
  const auto key = in.ConsumeRandomLengthString(32);
  const auto revision = in.ConsumeIntegral<std::int64_t>();
  std::vector<value> values;
  const bool wrong_count = in.ConsumeIntegralInRange(0, 15) == 0;
  const auto n = k.fields().size() + (wrong_count ? 1 : 0);
  for (std::size_t i = 0; i < n; ++i)
    values.push_back(any_value(in, i < k.fields().size() ? k.fields()[i].type : value_type::text));
  T t;
  if (!fuzz::accepts([&] { t = k.decode(key, revision, values); })) return;
  fuzz::check(!wrong_count, "decoded a record with too many values", k.name());
  fuzz::check(k.key(t) == key, "decoded key differs from the stored key", key);
  fuzz::check(t.revision == revision, "decoded revision differs");
  std::vector<value> once;
  if (!fuzz::accepts([&] { once = k.encode(t); })) return;
  const auto again = k.encode(k.decode(key, revision, once));
  fuzz::check(again == once, "encode(decode(encode(t))) != encode(t)", k.name());
}

using decoder = void (*)(FuzzedDataProvider&);
const decoder decoders[] = {
    decode_one<model::service>,        decode_one<model::sla>,
    decode_one<model::ci_type>,        decode_one<model::configuration_item>,
    decode_one<model::relationship>,   decode_one<model::link>,
    decode_one<model::incident>,       decode_one<model::service_request>,
    decode_one<model::problem>,        decode_one<model::known_error>,
    decode_one<model::rfc>,            decode_one<model::release>,
    decode_one<model::baseline>,       decode_one<model::customer>,
    decode_one<model::approval>,       decode_one<model::investigation>,
    decode_one<model::acceptance_test>, decode_one<ticket_event>,
    decode_one<post_incident_review>,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const auto which = in.ConsumeIntegralInRange<std::size_t>(0, std::size(decoders) - 1);
  decoders[which](in);
  return 0;
}
