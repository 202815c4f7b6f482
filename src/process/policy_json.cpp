// JSON forms of the stored policies (policies.hpp). Reading is strict: every key must be known
// and of the right type, so a typo in a product's configuration is an error, not a default.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <set>

#include "itsm/calendar/definition.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/process/policies.hpp"
#include "../core/json_unique.hpp"

namespace itsm {

namespace {

using json = nlohmann::json;

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw_error(errc::invalid_argument, "policy JSON: " + where + " " + what);
}

// Reads one JSON object key by key; done() refuses the keys nobody asked for.
class object_reader {
 public:
  object_reader(const json& j, std::string where) : j_(j), where_(std::move(where)) {
    if (!j_.is_object()) bad(where_, "must be an object");
  }

  // Calls `read(value, path)` when `key` is present; a missing key keeps the default.
  void with(const char* key, const std::function<void(const json&, const std::string&)>& read) {
    seen_.insert(key);
    if (auto it = j_.find(key); it != j_.end()) read(*it, where_ + "." + key);
  }
  template <class T>
  void get(const char* key, T& out);

  void done() const {
    for (const auto& item : j_.items())
      if (!seen_.count(item.key())) bad(where_ + "." + item.key(), "is not a known key");
  }

 private:
  const json& j_;
  std::string where_;
  std::set<std::string> seen_;
};

std::int64_t integer(const json& v, const std::string& where) {
  if (!v.is_number_integer()) bad(where, "must be an integer");
  // get<int64_t>() would wrap an unsigned number above INT64_MAX to a negative one.
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t{INT64_MAX}) bad(where, "is out of range");
  return v.get<std::int64_t>();
}
bool boolean(const json& v, const std::string& where) {
  if (!v.is_boolean()) bad(where, "must be true or false");
  return v.get<bool>();
}
std::string text(const json& v, const std::string& where) {
  if (!v.is_string()) bad(where, "must be a string");
  return v.get<std::string>();
}
const json& array(const json& v, const std::string& where) {
  if (!v.is_array()) bad(where, "must be an array");
  return v;
}
template <class T, class F>
std::vector<T> list_of(const json& v, const std::string& where, F&& one) {
  std::vector<T> out;
  std::size_t i = 0;
  for (const auto& x : array(v, where)) out.push_back(one(x, where + "[" + std::to_string(i++) + "]"));
  return out;
}
std::vector<std::string> texts(const json& v, const std::string& where) { return list_of<std::string>(v, where, text); }
// Minutes as a duration; bounded so the microsecond count cannot overflow (10,000 years spans
// every supported instant).
duration minutes_in_range(const json& v, const std::string& where) {
  constexpr std::int64_t max_minutes = 10'000LL * 366 * 24 * 60;
  const auto n = integer(v, where);
  if (n < -max_minutes || n > max_minutes) bad(where, "is out of range (at most 10,000 years of minutes)");
  return minutes(n);
}
int small_int(const json& v, const std::string& where) {
  const auto n = integer(v, where);
  if (n < INT32_MIN || n > INT32_MAX) bad(where, "is out of range");
  return static_cast<int>(n);
}

template <class T>
void object_reader::get(const char* key, T& out) {
  with(key, [&](const json& v, const std::string& where) {
    if constexpr (std::is_same_v<T, bool>) out = boolean(v, where);
    else if constexpr (std::is_same_v<T, int>) out = small_int(v, where);
    else if constexpr (std::is_integral_v<T>) {
      const auto n = integer(v, where);
      if (n < 0) bad(where, "must not be negative");
      out = static_cast<T>(n);
    } else if constexpr (std::is_same_v<T, std::string>) out = text(v, where);
    else if constexpr (std::is_same_v<T, std::vector<std::string>>) out = texts(v, where);
    else if constexpr (std::is_same_v<T, std::vector<int>>) out = list_of<int>(v, where, small_int);
    else if constexpr (std::is_same_v<T, duration>) out = minutes_in_range(v, where);
    else if constexpr (std::is_same_v<T, timestamp>) out = parse_iso(text(v, where));
    else static_assert(sizeof(T) == 0, "no JSON reader for this type");
  });
}

// Parses `text`, runs `read` on the document, and turns any JSON library error into itsm::error.
template <class T>
T parse_with(std::string_view text, const std::function<T(const json&)>& read) {
  json doc;
  try {
    auto parsed = detail::parse_unique_keys(text);  // a key given twice, or a NUL byte: refused
    if (!parsed.problem.empty()) bad("", "is malformed: " + parsed.problem);
    doc = std::move(parsed.doc);
  } catch (const json::exception& e) {
    bad("", std::string("is malformed: ") + e.what());
  }
  try {
    return read(doc);
  } catch (const json::exception& e) {
    bad("", std::string("cannot be read: ") + e.what());
  }
}

// dump() refuses invalid UTF-8 with a JSON exception; the policy's strings are the caller's input.
std::string dump(const json& j) {
  try {
    return j.dump();
  } catch (const json::exception& e) {
    throw_error(errc::invalid_argument, std::string("policy text is not valid UTF-8: ") + e.what());
  }
}

json minutes_of(duration d) { return d.total_seconds() / 60; }

// ---- ticket policy -----------------------------------------------------------------------

json to_j(const calendar::calendar_definition& c) { return json::parse(calendar::calendar_to_json(c)); }

// A custom field: {"name", "type", "required", "min", "max", "pattern", "allowed", "non_empty"}.
model::attribute_def read_field(const json& j, const std::string& where) {
  model::attribute_def d;
  object_reader r(j, where);
  r.get("name", d.name);
  r.with("type", [&](const json& v, const std::string& at) {
    const auto t = text(v, at);
    d.type = value_type::null;
    for (auto vt : {value_type::boolean, value_type::integer, value_type::real, value_type::text, value_type::time})
      if (to_string(vt) == t) d.type = vt;
    if (d.type == value_type::null) bad(at, "must be one of boolean, integer, real, text, time");
  });
  r.get("required", d.required);
  const auto number = [](const json& v, const std::string& at) {
    if (!v.is_number()) bad(at, "must be a number");
    return v.get<double>();
  };
  r.with("min", [&](const json& v, const std::string& at) { d.min = number(v, at); });
  r.with("max", [&](const json& v, const std::string& at) { d.max = number(v, at); });
  r.get("pattern", d.pattern);
  r.get("allowed", d.allowed);
  r.get("non_empty", d.non_empty);
  r.done();
  return d;
}

json field_json(const model::attribute_def& d) {
  json j{{"name", d.name}, {"type", std::string(to_string(d.type))}, {"required", d.required}};
  if (d.min) j["min"] = *d.min;
  if (d.max) j["max"] = *d.max;
  if (!d.pattern.empty()) j["pattern"] = d.pattern;
  if (!d.allowed.empty()) j["allowed"] = d.allowed;
  if (d.non_empty) j["non_empty"] = true;
  return j;
}

ticket_policy read_tickets(const json& j) {
  ticket_policy p;
  object_reader r(j, "tickets");
  r.with("matrix", [&](const json& v, const std::string& where) {
    if (!v.is_array() || v.size() != 3) bad(where, "must be 3 rows of 3 priorities");
    for (std::size_t i = 0; i < 3; ++i) {
      if (!v[i].is_array() || v[i].size() != 3) bad(where, "must be 3 rows of 3 priorities");
      for (std::size_t k = 0; k < 3; ++k) p.matrix.cells[i][k] = small_int(v[i][k], where);
    }
  });
  r.with("major", [&](const json& v, const std::string& where) {
    object_reader m(v, where);
    m.get("max_priority", p.major.max_priority);
    m.get("critical_service_only", p.major.critical_service_only);
    m.done();
  });
  r.get("security_priority_floor", p.security_priority_floor);
  r.get("escalation_percent", p.escalation_percent);
  r.with("calendars", [&](const json& v, const std::string& where) {
    if (!v.is_object()) bad(where, "must be an object of named calendars");
    for (const auto& item : v.items()) p.calendars[item.key()] = calendar::calendar_from_json(item.value().dump());
  });
  r.with("request_targets", [&](const json& v, const std::string& where) {
    if (!v.is_object()) bad(where, "must be an object of request types");
    for (const auto& item : v.items()) {
      object_reader t(item.value(), where + "." + item.key());
      auto& target = p.request_targets[item.key()];
      t.get("response_minutes", target.response_minutes);
      t.get("resolution_minutes", target.resolution_minutes);
      t.done();
    }
  });
  r.with("custom_fields", [&](const json& v, const std::string& where) {
    if (!v.is_object()) bad(where, "must be an object of ticket kinds");
    for (const auto& item : v.items())
      p.custom_fields[item.key()] = list_of<model::attribute_def>(item.value(), where + "." + item.key(), read_field);
  });
  r.with("routing", [&](const json& v, const std::string& where) {
    p.routing = list_of<routing_rule>(v, where, [](const json& x, const std::string& at) {
      routing_rule rule;
      object_reader o(x, at);
      o.get("ticket_kind", rule.ticket_kind);
      o.get("category", rule.category);
      o.get("service", rule.service);
      o.get("ci_type", rule.ci_type);
      o.get("group", rule.group);
      o.done();
      return rule;
    });
  });
  r.done();
  return p;
}

// ---- change policy -----------------------------------------------------------------------

json to_j(const approval_rule& a) {
  return {{"quorum", a.quorum},
          {"roles", a.roles},
          {"change_manager_required", a.change_manager_required},
          {"service_owners_required", a.service_owners_required}};
}

approval_rule read_approval(const json& v, const std::string& where) {
  approval_rule a;
  object_reader r(v, where);
  r.get("quorum", a.quorum);
  r.get("roles", a.roles);
  r.get("change_manager_required", a.change_manager_required);
  r.get("service_owners_required", a.service_owners_required);
  r.done();
  return a;
}

standard_change_model read_model(const json& v, const std::string& where) {
  standard_change_model m;
  object_reader r(v, where);
  r.get("name", m.name);
  r.get("description", m.description);
  r.get("ci_types", m.ci_types);
  r.get("backout_plan", m.backout_plan);
  r.done();
  return m;
}

freeze_period read_freeze(const json& v, const std::string& where) {
  freeze_period f;
  object_reader r(v, where);
  r.get("name", f.name);
  r.get("start", f.when.start);
  r.get("end", f.when.end);
  r.done();
  return f;
}

weekly_slot read_slot(const json& v, const std::string& where) {
  weekly_slot s;
  object_reader r(v, where);
  r.get("weekday", s.weekday);
  r.get("start_minute", s.start_minute);
  r.get("end_minute", s.end_minute);
  r.done();
  return s;
}

// An object keyed by service id ("SVC-3"): calls read(service number, value, path) per entry.
template <class F>
void for_each_service(const json& v, const std::string& where, F&& read) {
  if (!v.is_object()) bad(where, "must be an object keyed by service id (\"SVC-3\")");
  for (const auto& item : v.items()) {
    const auto at = where + "." + item.key();
    std::int64_t n = 0;
    try {
      n = service_id::parse(item.key()).number();
    } catch (const error&) {
      bad(at, "is not a service id");
    }
    read(n, item.value(), at);
  }
}

change_policy read_changes(const json& j) {
  change_policy p;
  object_reader r(j, "changes");
  r.get("controlled_ci_types", p.controlled_ci_types);
  r.get("major_service_threshold", p.major_service_threshold);
  r.get("major_risks", p.major_risks);
  r.with("standard_models", [&](const json& v, const std::string& where) {
    p.standard_models = list_of<standard_change_model>(v, where, read_model);
  });
  r.get("emergency_definition", p.emergency_definition);
  r.with("normal", [&](const json& v, const std::string& where) { p.normal = read_approval(v, where); });
  r.with("major", [&](const json& v, const std::string& where) { p.major = read_approval(v, where); });
  r.with("emergency", [&](const json& v, const std::string& where) { p.emergency = read_approval(v, where); });
  r.get("retrospective_roles", p.retrospective_roles);
  r.with("freezes", [&](const json& v, const std::string& where) {
    p.calendar.freezes = list_of<freeze_period>(v, where, read_freeze);
  });
  r.with("maintenance", [&](const json& v, const std::string& where) {
    for_each_service(v, where, [&](std::int64_t n, const json& x, const std::string& at) {
      p.calendar.maintenance[n] = list_of<weekly_slot>(x, at, read_slot);
    });
  });
  r.with("maintenance_zones", [&](const json& v, const std::string& where) {
    for_each_service(v, where, [&](std::int64_t n, const json& x, const std::string& at) {
      p.calendar.maintenance_zones[n] = text(x, at);
    });
  });
  r.get("emergency_skips_build_and_test", p.emergency_skips_build_and_test);
  r.get("catalogue_under_change_control", p.catalogue_under_change_control);
  r.done();
  return p;
}

// ---- release policy and relationship kinds -----------------------------------------------

release_policy read_releases(const json& j) {
  release_policy p;
  object_reader r(j, "releases");
  r.get("types", p.types);
  r.get("min_interval_minutes", p.min_interval);
  r.get("measure_window_minutes", p.measure_window);
  r.done();
  return p;
}

std::vector<model::relationship_kind> read_kinds(const json& j) {
  return list_of<model::relationship_kind>(j, "relationship_kinds", [](const json& v, const std::string& where) {
    model::relationship_kind k;
    object_reader r(v, where);
    r.get("name", k.name);
    r.with("impact", [&](const json& x, const std::string& at) {
      try {
        k.impact = model::enum_from_string<model::propagation>(text(x, at));
      } catch (const error&) {
        bad(at, "must be one of to_source, to_target, both, none");
      }
    });
    r.get("description", k.description);
    r.get("acyclic", k.acyclic);
    r.done();
    return k;
  });
}

std::vector<attribute_source> read_owners(const json& j) {
  return list_of<attribute_source>(j, "attribute_sources", [](const json& v, const std::string& where) {
    attribute_source o;
    object_reader r(v, where);
    r.get("type", o.type);
    r.get("attribute", o.attribute);
    r.get("source", o.source);
    r.done();
    return o;
  });
}

}  // namespace

std::string to_json(const ticket_policy& p) {
  json cals = json::object();
  for (const auto& [name, c] : p.calendars) cals[name] = to_j(c);
  json targets = json::object();
  for (const auto& [type, t] : p.request_targets)
    targets[type] = {{"response_minutes", t.response_minutes}, {"resolution_minutes", t.resolution_minutes}};
  json matrix = json::array();
  for (const auto& row : p.matrix.cells) matrix.push_back(row);
  json fields = json::object();
  for (const auto& [kind, defs] : p.custom_fields) {
    fields[kind] = json::array();
    for (const auto& d : defs) fields[kind].push_back(field_json(d));
  }
  json routing = json::array();
  for (const auto& r : p.routing)
    routing.push_back({{"ticket_kind", r.ticket_kind}, {"category", r.category}, {"service", r.service},
                       {"ci_type", r.ci_type}, {"group", r.group}});
  return dump({{"matrix", matrix},
               {"major", {{"max_priority", p.major.max_priority}, {"critical_service_only", p.major.critical_service_only}}},
               {"security_priority_floor", p.security_priority_floor},
               {"escalation_percent", p.escalation_percent},
               {"calendars", cals},
               {"request_targets", targets},
               {"custom_fields", fields},
               {"routing", routing}});
}

std::string to_json(const change_policy& p) {
  json models = json::array();
  for (const auto& m : p.standard_models)
    models.push_back({{"name", m.name}, {"description", m.description}, {"ci_types", m.ci_types},
                      {"backout_plan", m.backout_plan}});
  json freezes = json::array();
  for (const auto& f : p.calendar.freezes)
    freezes.push_back({{"name", f.name}, {"start", to_iso(f.when.start)}, {"end", to_iso(f.when.end)}});
  json maintenance = json::object();
  for (const auto& [service, slots] : p.calendar.maintenance) {
    json list = json::array();
    for (const auto& s : slots)
      list.push_back({{"weekday", s.weekday}, {"start_minute", s.start_minute}, {"end_minute", s.end_minute}});
    maintenance[service_id(service).key()] = list;
  }
  json zones = json::object();
  for (const auto& [service, zone] : p.calendar.maintenance_zones) zones[service_id(service).key()] = zone;
  return dump({{"controlled_ci_types", p.controlled_ci_types},
               {"major_service_threshold", p.major_service_threshold},
               {"major_risks", p.major_risks},
               {"standard_models", models},
               {"emergency_definition", p.emergency_definition},
               {"normal", to_j(p.normal)},
               {"major", to_j(p.major)},
               {"emergency", to_j(p.emergency)},
               {"retrospective_roles", p.retrospective_roles},
               {"freezes", freezes},
               {"maintenance", maintenance},
               {"maintenance_zones", zones},
               {"emergency_skips_build_and_test", p.emergency_skips_build_and_test},
               {"catalogue_under_change_control", p.catalogue_under_change_control}});
}

std::string to_json(const release_policy& p) {
  return dump({{"types", p.types},
               {"min_interval_minutes", minutes_of(p.min_interval)},
               {"measure_window_minutes", minutes_of(p.measure_window)}});
}

std::string to_json(const std::vector<model::relationship_kind>& kinds) {
  json out = json::array();
  for (const auto& k : kinds) {
    json one{{"name", k.name}, {"impact", model::enum_to_string(k.impact)}, {"description", k.description}};
    if (k.acyclic) one["acyclic"] = true;  // omitted when false: texts stored before the flag stay as they were
    out.push_back(std::move(one));
  }
  return dump(out);
}

std::string to_json(const std::vector<attribute_source>& owners) {
  json out = json::array();
  for (const auto& o : owners) out.push_back({{"type", o.type}, {"attribute", o.attribute}, {"source", o.source}});
  return dump(out);
}

ticket_policy ticket_policy_from_json(std::string_view json_text) {
  return parse_with<ticket_policy>(json_text, read_tickets);
}
change_policy change_policy_from_json(std::string_view json_text) {
  return parse_with<change_policy>(json_text, read_changes);
}
release_policy release_policy_from_json(std::string_view json_text) {
  return parse_with<release_policy>(json_text, read_releases);
}
std::vector<model::relationship_kind> relationship_kinds_from_json(std::string_view json_text) {
  return parse_with<std::vector<model::relationship_kind>>(json_text, read_kinds);
}
std::vector<attribute_source> attribute_sources_from_json(std::string_view json_text) {
  return parse_with<std::vector<attribute_source>>(json_text, read_owners);
}

}  // namespace itsm
