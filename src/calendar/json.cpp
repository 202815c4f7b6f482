// JSON load/save of calendar_definition (format in docs/calendar.md).
#include <nlohmann/json.hpp>

#include <boost/date_time/gregorian/gregorian.hpp>

#include <climits>
#include <cstdint>
#include <string>

#include "itsm/calendar/definition.hpp"
#include "itsm/core/error.hpp"
#include "../core/json_unique.hpp"

namespace itsm::calendar {

namespace {

using json = nlohmann::json;

[[noreturn]] void bad(const std::string& where, const std::string& why) {
  throw_error(errc::invalid_argument, "calendar JSON: " + where + ": " + why);
}

date parse_date(const json& j, const std::string& where) {
  if (!j.is_string()) bad(where, "expected a date string 'YYYY-MM-DD'");
  const auto text = j.get<std::string>();
  try {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') throw std::invalid_argument(text);
    return boost::gregorian::from_simple_string(text);
  } catch (const std::exception&) {
    bad(where, "not a valid date 'YYYY-MM-DD': '" + text + "'");
  }
}

int get_int(const json& obj, const char* key, int fallback, const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  if (!it->is_number_integer()) bad(where + "." + key, "expected an integer");
  // get<int>() would silently wrap a larger number (2^32 reads as 0).
  const bool fits = it->is_number_unsigned()
                        ? it->get<std::uint64_t>() <= std::uint64_t{INT_MAX}
                        : it->get<std::int64_t>() >= INT_MIN && it->get<std::int64_t>() <= INT_MAX;
  if (!fits) bad(where + "." + key, "is out of range");
  return it->get<int>();
}

void check_keys(const json& obj, std::initializer_list<const char*> allowed,
                const std::string& where) {
  for (const auto& [key, _] : obj.items()) {
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) bad(where, "unknown key '" + key + "'");
  }
}

std::vector<daily_interval> parse_hours(const json& j, const std::string& where) {
  if (!j.is_array()) bad(where, "expected an array of [\"HH:MM\",\"HH:MM\"] pairs");
  std::vector<daily_interval> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const auto& pair = j[i];
    const std::string w = where + "[" + std::to_string(i) + "]";
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string())
      bad(w, "expected a pair [\"HH:MM\",\"HH:MM\"]");
    try {
      out.push_back({parse_time_of_day(pair[0].get<std::string>()),
                     parse_time_of_day(pair[1].get<std::string>())});
    } catch (const itsm::error& e) {
      bad(w, e.what());
    }
  }
  return out;
}

json hours_json(const std::vector<daily_interval>& hours) {
  json arr = json::array();
  for (const auto& iv : hours)
    arr.push_back(json::array({format_time_of_day(iv.start), format_time_of_day(iv.end)}));
  return arr;
}

int weekday_index(const std::string& key) {
  static const char* names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  if (key.size() == 1 && key[0] >= '1' && key[0] <= '7') return key[0] - '1';
  for (int i = 0; i < 7; ++i)
    if (key == names[i]) return i;
  return -1;
}

holiday_rule parse_rule(const json& j, const std::string& where) {
  if (j.is_string()) return holiday_rule::fixed_date(parse_date(j, where));
  if (!j.is_object()) bad(where, "expected a date string or a rule object");
  const auto rule_it = j.find("rule");
  const std::string rule = rule_it == j.end() ? "fixed" : rule_it->is_string()
                                                              ? rule_it->get<std::string>()
                                                              : std::string("?");
  holiday_rule r;
  if (const auto n = j.find("name"); n != j.end()) {
    if (!n->is_string()) bad(where + ".name", "expected a string");
    r.name = n->get<std::string>();
  }
  if (rule == "fixed") {
    check_keys(j, {"rule", "name", "date"}, where);
    if (!j.contains("date")) bad(where, "fixed holiday needs \"date\"");
    r.type = holiday_rule::kind::fixed;
    r.on = parse_date(j["date"], where + ".date");
  } else if (rule == "annual") {
    check_keys(j, {"rule", "name", "month", "day", "offset_days"}, where);
    r.type = holiday_rule::kind::annual;
    r.month = get_int(j, "month", 0, where);
    r.day = get_int(j, "day", 0, where);
    r.offset_days = get_int(j, "offset_days", 0, where);
  } else if (rule == "nth_weekday") {
    check_keys(j, {"rule", "name", "month", "weekday", "nth", "offset_days"}, where);
    r.type = holiday_rule::kind::nth_weekday;
    r.month = get_int(j, "month", 0, where);
    r.weekday = get_int(j, "weekday", 0, where);
    r.nth = get_int(j, "nth", 0, where);
    r.offset_days = get_int(j, "offset_days", 0, where);
  } else if (rule == "easter") {
    check_keys(j, {"rule", "name", "offset_days"}, where);
    r.type = holiday_rule::kind::easter;
    r.offset_days = get_int(j, "offset_days", 0, where);
  } else {
    bad(where + ".rule", "expected \"fixed\", \"annual\", \"nth_weekday\" or \"easter\"");
  }
  return r;
}

json rule_json(const holiday_rule& r) {
  json j;
  switch (r.type) {
    case holiday_rule::kind::fixed:
      if (r.name.empty()) return boost::gregorian::to_iso_extended_string(r.on);
      j["rule"] = "fixed";
      j["date"] = boost::gregorian::to_iso_extended_string(r.on);
      break;
    case holiday_rule::kind::annual:
      j["rule"] = "annual";
      j["month"] = r.month;
      j["day"] = r.day;
      if (r.offset_days) j["offset_days"] = r.offset_days;
      break;
    case holiday_rule::kind::nth_weekday:
      j["rule"] = "nth_weekday";
      j["month"] = r.month;
      j["weekday"] = r.weekday;
      j["nth"] = r.nth;
      if (r.offset_days) j["offset_days"] = r.offset_days;
      break;
    case holiday_rule::kind::easter:
      j["rule"] = "easter";
      j["offset_days"] = r.offset_days;
      break;
  }
  if (!r.name.empty()) j["name"] = r.name;
  return j;
}

}  // namespace

std::string calendar_to_json(const calendar_definition& def) {
  json j;
  j["tz"] = def.time_zone;
  json week = json::object();
  for (std::size_t i = 0; i < 7; ++i)
    if (!def.week[i].empty()) week[std::to_string(i + 1)] = hours_json(def.week[i]);
  j["week"] = week;
  json hol = json::array();
  for (const auto& r : def.holidays) hol.push_back(rule_json(r));
  j["holidays"] = hol;
  json ex = json::array();
  for (const auto& e : def.exceptions)
    ex.push_back({{"date", boost::gregorian::to_iso_extended_string(e.day)},
                  {"hours", hours_json(e.hours)}});
  j["exceptions"] = ex;
  try {
    return j.dump();
  } catch (const json::exception& e) {  // a name or time zone that is not valid UTF-8
    bad("document", std::string("cannot encode: ") + e.what());
  }
}

calendar_definition calendar_from_json(std::string_view json_text) {
  json j;
  try {
    auto parsed = itsm::detail::parse_unique_keys(json_text);  // a key given twice, or a NUL byte: refused
    if (!parsed.problem.empty()) bad("document", "malformed JSON: " + parsed.problem);
    j = std::move(parsed.doc);
  } catch (const json::exception& e) {
    bad("document", std::string("malformed JSON: ") + e.what());
  }
  if (!j.is_object()) bad("document", "expected an object");
  check_keys(j, {"tz", "week", "holidays", "exceptions"}, "document");
  calendar_definition def;
  if (const auto tz = j.find("tz"); tz != j.end()) {
    if (!tz->is_string()) bad("tz", "expected an IANA time zone name");
    def.time_zone = tz->get<std::string>();
  }
  if (const auto week = j.find("week"); week != j.end()) {
    if (!week->is_object()) bad("week", "expected an object keyed by weekday 1..7");
    for (const auto& [key, hours] : week->items()) {
      const int idx = weekday_index(key);
      if (idx < 0) bad("week", "unknown weekday '" + key + "' (use 1 = Monday .. 7 = Sunday)");
      def.week[static_cast<std::size_t>(idx)] = parse_hours(hours, "week." + key);
    }
  }
  if (const auto hol = j.find("holidays"); hol != j.end()) {
    if (!hol->is_array()) bad("holidays", "expected an array");
    for (std::size_t i = 0; i < hol->size(); ++i)
      def.holidays.push_back(parse_rule((*hol)[i], "holidays[" + std::to_string(i) + "]"));
  }
  if (const auto ex = j.find("exceptions"); ex != j.end()) {
    if (!ex->is_array()) bad("exceptions", "expected an array");
    for (std::size_t i = 0; i < ex->size(); ++i) {
      const auto& e = (*ex)[i];
      const std::string where = "exceptions[" + std::to_string(i) + "]";
      if (!e.is_object() || !e.contains("date")) bad(where, "expected {\"date\":…,\"hours\":[…]}");
      check_keys(e, {"date", "hours"}, where);
      date_exception de;
      de.day = parse_date(e["date"], where + ".date");
      if (e.contains("hours")) de.hours = parse_hours(e["hours"], where + ".hours");
      def.exceptions.push_back(std::move(de));
    }
  }
  def.validate();
  return def;
}

}  // namespace itsm::calendar
