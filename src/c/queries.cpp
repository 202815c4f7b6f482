// Paged, authorized queries and counts (process/query.hpp) from a JSON query spec; the cursor
// goes in as text and comes out in the page and in a caller-owned buffer.
#include <cstring>
#include <type_traits>

#include "handles.hpp"
#include "itsm/process/export.hpp"
#include "process/record_json.hpp"

using namespace itsm;
using namespace itsm::c;
using json = nlohmann::json;

namespace {

// The stored form of `j` for a comparison on `name` of T ("id" is the key, a text).
template <class T>
value operand(const std::string& name, const json& j, const std::string& where) {
  model::field_info f{"id", value_type::text, false, false};
  for (const auto& candidate : T::def().fields())
    if (candidate.name == name) f = candidate;
  f.document = false;  // documents are not indexed; the query names the field's problem
  return detail::json_field_value(j, f, where);
}

template <class T>
filter condition(const json& c, std::size_t i) {
  const auto where = "where[" + std::to_string(i) + "]";
  if (!c.is_array() || c.size() < 2 || c.size() > 3 || !c[0].is_string() || !c[1].is_string())
    throw_error(errc::invalid_argument, where + " must be [field, op] or [field, op, value]");
  const auto name = c[0].get<std::string>();
  const auto op = c[1].get<std::string>();
  const json v = c.size() == 3 ? c[2] : json();
  const field f(name);
  if (op == "is_null") return f.is_null();
  if (op == "is_not_null") return f.is_not_null();
  if (op == "in") {
    if (!v.is_array()) throw_error(errc::invalid_argument, where + ": 'in' takes an array");
    std::vector<value> vs;
    for (const auto& x : v) vs.push_back(operand<T>(name, x, where));
    return f.in(std::move(vs));
  }
  if (op == "starts_with") {
    if (!v.is_string()) throw_error(errc::invalid_argument, where + ": 'starts_with' takes a string");
    return f.starts_with(v.get<std::string>());
  }
  const auto x = operand<T>(name, v, where);
  if (op == "eq") return f.eq(x);
  if (op == "ne") return f.ne(x);
  if (op == "lt") return f.lt(x);
  if (op == "le") return f.le(x);
  if (op == "gt") return f.gt(x);
  if (op == "ge") return f.ge(x);
  throw_error(errc::invalid_argument, where + ": unknown op '" + op + "'");
}

template <class T>
query<T> query_of(const json& spec) {
  if (!spec.is_object()) throw_error(errc::invalid_argument, "the spec must be a JSON object");
  only_keys(spec, {"where", "order_by", "descending", "limit"}, "the spec");
  query<T> q;
  const auto where = spec.contains("where") ? spec["where"] : json::array();
  if (!where.is_array()) throw_error(errc::invalid_argument, "the spec's where must be an array of conditions");
  for (std::size_t i = 0; i < where.size(); ++i) q.where(condition<T>(where[i], i));
  q.order_by(member<std::string>(spec, "order_by", "id"),
             member<bool>(spec, "descending") ? sort_order::descending : sort_order::ascending);
  q.limit(member<std::size_t>(spec, "limit", 50));
  return q;
}

template <class T>
struct kind_tag {
  using type = T;
};

// f(kind_tag<T>{}) for the queryable kind named `kind`.
template <class F>
auto with_kind(const std::string& kind, F&& f) {
  if (kind == "incident") return f(kind_tag<model::incident>{});
  if (kind == "service_request") return f(kind_tag<model::service_request>{});
  if (kind == "problem") return f(kind_tag<model::problem>{});
  if (kind == "known_error") return f(kind_tag<model::known_error>{});
  if (kind == "rfc") return f(kind_tag<model::rfc>{});
  if (kind == "release") return f(kind_tag<model::release>{});
  if (kind == "configuration_item") return f(kind_tag<model::configuration_item>{});
  if (kind == "service") return f(kind_tag<model::service>{});
  if (kind == "customer") return f(kind_tag<model::customer>{});
  throw_error(errc::invalid_argument, "kind '" + kind + "' cannot be queried (docs/c-api.md lists the kinds)");
}

}  // namespace

extern "C" {

itsm_status itsm_query(itsm_sms* sms, const itsm_actor* who, const char* kind, size_t kind_size, const char* spec,
                       size_t spec_size, const char* cursor, size_t cursor_size, itsm_buffer* out, char* next_cursor,
                       size_t next_cursor_capacity, size_t* next_cursor_size) {
  return with_session("itsm_query", sms, who, out, [&](itsm::sms& s, const actor& a) {
    need(next_cursor_size, "next_cursor_size");
    *next_cursor_size = 0;
    if (!next_cursor && next_cursor_capacity > 0) need(next_cursor, "next_cursor");
    const auto k = text(kind, kind_size, "kind");
    const auto j = parse(spec, spec_size, "spec", json::object());
    const auto after = text(cursor, cursor_size, "cursor");
    return with_kind(k, [&](auto tag) {
      using T = typename decltype(tag)::type;
      const auto page = s.queries().find(a, query_of<T>(j).after(after));
      *next_cursor_size = page.next_cursor.size() + 1;
      if (next_cursor_capacity < *next_cursor_size) {
        if (!next_cursor) *next_cursor_size = 0;  // the caller reads the cursor in the page
        else return fail(ITSM_BUFFER_TOO_SMALL, "itsm_query: the next cursor needs " + std::to_string(*next_cursor_size) + " bytes");
      } else {
        std::memcpy(next_cursor, page.next_cursor.c_str(), *next_cursor_size);
      }
      return emit(out, export_json(page));
    });
  });
}

itsm_status itsm_count(itsm_sms* sms, const itsm_actor* who, const char* kind, size_t kind_size, const char* spec,
                       size_t spec_size, uint64_t* count) {
  return guarded("itsm_count", [&] {
    need(count, "count");
    *count = 0;
    auto& s = system_of(sms);
    const auto& a = actor_of(who);
    const auto k = text(kind, kind_size, "kind");
    const auto j = parse(spec, spec_size, "spec", json::object());
    with_kind(k, [&](auto tag) {
      using T = typename decltype(tag)::type;
      *count = s.queries().count(a, query_of<T>(j));
      return 0;
    });
    return ITSM_OK;
  });
}

}  // extern "C"
