// The stored apportionment rule for indirect costs (R-6.4-costs): its invariants, which rule is
// in force for a cost, and its JSON form (also how its rules are stored). Method: docs/finance.md.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "itsm/model/finance.hpp"
#include "../core/json_unique.hpp"
#include "json_text.hpp"

namespace itsm::model {

namespace {

const char* const rule_id = "R-6.4-costs";
constexpr std::int64_t max_weight = 1'000'000;

// "2026" starts in "2026-01": periods compare as text once both name a month.
std::string first_month(std::string_view period) {
  return period.size() == 4 ? std::string(period) + "-01" : std::string(period);
}

nlohmann::json rules_json(const std::vector<apportionment_rule>& rules) {
  auto out = nlohmann::json::array();
  for (const auto& r : rules) {
    nlohmann::json j{{"from", r.from}, {"cost_centre", r.cost_centre},
                             {"method", std::string(enum_to_string(r.method))}};
    if (!r.weights.empty()) {
      auto w = nlohmann::json::object();
      for (const auto& x : r.weights) w[x.service.key()] = x.weight;
      j["weights"] = std::move(w);
    }
    out.push_back(std::move(j));
  }
  return out;
}

void only_keys(const nlohmann::json& j, std::initializer_list<std::string_view> keys, std::string_view where) {
  if (!j.is_object()) throw_error(errc::invalid_argument, fmt::format("{} is not a JSON object", where));
  for (const auto& [k, v] : j.items())
    if (std::find(keys.begin(), keys.end(), k) == keys.end())
      throw_error(errc::invalid_argument, fmt::format("{}: unknown key '{}'", where, k));
}

std::string text_member(const nlohmann::json& j, const char* key, std::string_view where) {
  if (!j.contains(key)) return {};
  if (!j[key].is_string()) throw_error(errc::invalid_argument, fmt::format("{}.{} is not a string", where, key));
  return j[key].get<std::string>();
}

// The weights of one rule; what the rules forbid (a weight that is not a non-negative integer,
// a key that is not a service id) goes to `v`, citing R-6.4-costs.
std::vector<service_weight> weights_of(const nlohmann::json& j, const std::string& where, std::vector<violation>& v) {
  if (!j.is_object()) throw_error(errc::invalid_argument, where + ".weights is not a JSON object");
  std::vector<service_weight> out;
  for (const auto& [key, w] : j.items()) {
    service_weight sw;
    try {
      sw.service = service_id::parse(key);
    } catch (const error&) {
      v.push_back({rule_id, fmt::format("{}: weight key '{}' is not a service id (SVC-n)", where, key)});
      continue;
    }
    if (w.is_number_unsigned() && w.get<std::uint64_t>() <= static_cast<std::uint64_t>(max_weight)) {
      sw.weight = static_cast<std::int64_t>(w.get<std::uint64_t>());
      out.push_back(sw);
    } else {
      // A number is shown as given; anything else by its type (dumping a deeply nested value
      // would recurse once per level).
      v.push_back({rule_id, fmt::format("{}: the weight of {} is {}, not an integer 0 to {}", where, key,
                                        w.is_number() ? w.dump() : std::string("a JSON ") + w.type_name(), max_weight)});
    }
  }
  return out;
}

apportionment_policy from_json(const nlohmann::json& doc) {
  only_keys(doc, {"rules"}, "apportionment policy");
  apportionment_policy p;
  if (!doc.contains("rules")) return p;
  if (!doc["rules"].is_array()) throw_error(errc::invalid_argument, "apportionment policy: rules is not a JSON array");
  std::vector<violation> v;
  for (std::size_t i = 0; i < doc["rules"].size(); ++i) {
    const auto& j = doc["rules"][i];
    const auto where = fmt::format("apportionment rule {}", i + 1);
    only_keys(j, {"from", "cost_centre", "method", "weights"}, where);
    apportionment_rule r;
    r.from = text_member(j, "from", where);
    r.cost_centre = text_member(j, "cost_centre", where);
    const auto method = text_member(j, "method", where);
    bool known = method.empty();  // no method: even
    for (auto m : {apportionment_method::even, apportionment_method::weights, apportionment_method::ci_count})
      if (enum_to_string(m) == method) r.method = m, known = true;
    if (!known)
      v.push_back({rule_id, fmt::format("{}: unknown method '{}' (even, weights or ci_count)", where, method)});
    if (j.contains("weights")) r.weights = weights_of(j["weights"], where, v);
    p.rules.push_back(std::move(r));
  }
  if (!v.empty()) throw error(std::move(v));
  return p;
}

}  // namespace

// The rules are stored as the "rules" array of the JSON form.
template <> struct field_codec<std::vector<apportionment_rule>> {
  static constexpr value_type type = value_type::text;
  static constexpr bool document = true;
  static constexpr bool nullable = false;
  static value encode(const std::vector<apportionment_rule>& rules) { return value(detail::dump_json(rules_json(rules))); }
  static std::vector<apportionment_rule> decode(const value& v) {
    if (v.is_null()) return {};
    try {
      return apportionment_policy_from_json("{\"rules\":" + v.as_text() + "}").rules;
    } catch (const error& e) {
      throw_error(errc::corrupt, fmt::format("stored apportionment rules are not valid: {}", e.what()));
    }
  }
};

const kind_def<apportionment_policy>& apportionment_policy::def() {
  static const auto k = kind_def<apportionment_policy>("apportionment_policy", 1, &apportionment_policy::id)
                            .field("rules", &apportionment_policy::rules);
  return k;
}

std::vector<violation> apportionment_policy::check() const {
  std::vector<violation> v;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& r : rules) {
    const auto what = fmt::format("the apportionment rule from '{}' for cost centre '{}'", r.from, r.cost_centre);
    if (!valid_period(r.from)) v.push_back({rule_id, what + ": 'from' is not YYYY or YYYY-MM"});
    else if (!seen.emplace(first_month(r.from), r.cost_centre).second)
      v.push_back({rule_id, what + " is given twice"});
    if (r.method != apportionment_method::weights && !r.weights.empty())
      v.push_back({rule_id, fmt::format("{}: weights belong to method weights, not {}", what, enum_to_string(r.method))});
    bool positive = false;
    std::set<std::int64_t> services;
    for (const auto& w : r.weights) {
      positive = positive || w.weight > 0;
      if (w.weight < 0 || w.weight > max_weight)
        v.push_back({rule_id, fmt::format("{}: the weight of {} is {}, not 0 to {}", what, w.service.key(), w.weight,
                                          max_weight)});
      if (!w.service.valid()) v.push_back({rule_id, what + ": a weight names no service"});
      else if (!services.insert(w.service.number()).second)
        v.push_back({rule_id, fmt::format("{}: {} is weighted twice", what, w.service.key())});
    }
    if (r.method == apportionment_method::weights && !positive)
      v.push_back({rule_id, what + ": a weights rule gives some service a weight above 0"});
  }
  return v;
}

const apportionment_rule* apportionment_policy::rule_for(std::string_view cost_centre, std::string_view period) const {
  const auto month = first_month(period);
  const apportionment_rule* own = nullptr;
  const apportionment_rule* general = nullptr;
  for (const auto& r : rules) {
    if (!valid_period(r.from) || first_month(r.from) > month) continue;
    auto& best = r.cost_centre.empty() ? general : own;
    if (!r.cost_centre.empty() && r.cost_centre != cost_centre) continue;
    if (!best || first_month(best->from) < first_month(r.from)) best = &r;
  }
  return own ? own : general;
}

std::string to_json(const apportionment_policy& p) {
  return detail::dump_json(nlohmann::json{{"rules", rules_json(p.rules)}});
}

apportionment_policy apportionment_policy_from_json(std::string_view json) {
  try {
    auto parsed = itsm::detail::parse_unique_keys(json);
    if (!parsed.problem.empty())
      throw_error(errc::invalid_argument, "apportionment policy is not valid JSON: " + parsed.problem);
    return from_json(parsed.doc);
  } catch (const nlohmann::json::exception& e) {
    throw_error(errc::invalid_argument, fmt::format("apportionment policy is not valid JSON: {}", e.what()));
  }
}

}  // namespace itsm::model
