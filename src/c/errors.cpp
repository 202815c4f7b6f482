// The thread's last error and the one conversion of exceptions into status codes: nothing
// thrown below the C ABI leaves it (docs/c-api.md, "Errors").
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "core/json_unique.hpp"
#include "handles.hpp"
#include "itsm/core/time.hpp"

namespace itsm::c {
namespace {

// The owned strings behind the itsm_error a thread last saw.
struct last_error {
  itsm_error view{ITSM_OK, "", 0, nullptr, 0};
  std::string message;
  std::vector<violation> rules;
  std::vector<itsm_violation> rule_views;

  void publish(itsm_status code) {
    rule_views.clear();
    for (const auto& v : rules)
      rule_views.push_back({v.rule.c_str(), v.rule.size(), v.message.c_str(), v.message.size()});
    view = {code, message.c_str(), message.size(), rule_views.empty() ? nullptr : rule_views.data(), rule_views.size()};
  }
};
thread_local last_error current;

itsm_status record(itsm_status code, std::string message, std::vector<violation> rules) noexcept {
  try {
    current.message = std::move(message);
    current.rules = std::move(rules);
    current.publish(code);
  } catch (...) {  // out of memory while recording: keep the code, drop the text
    current.message.clear();
    current.rules.clear();
    current.rule_views.clear();
    current.view = {code, "", 0, nullptr, 0};
  }
  return code;
}

}  // namespace

itsm_status fail(itsm_status status, std::string message) noexcept { return record(status, std::move(message), {}); }

void succeed() noexcept {
  if (current.view.code != ITSM_OK || current.view.message_size != 0) record(ITSM_OK, {}, {});
}

itsm_status fail_current(const char* function) noexcept {
  const std::string prefix = std::string(function) + ": ";
  try {
    throw;
  } catch (const error& e) {
    return record(static_cast<itsm_status>(e.code()), prefix + e.what(), e.violations());
  } catch (const std::bad_alloc&) {
    return record(ITSM_INTERNAL, prefix + "out of memory", {});
  } catch (const std::exception& e) {
    return record(ITSM_INTERNAL, prefix + e.what(), {});
  } catch (...) {
    return record(ITSM_INTERNAL, prefix + "an unknown exception", {});
  }
}

void need(const void* p, const char* name) {
  if (!p) throw_error(errc::invalid_argument, std::string("argument '") + name + "' is NULL");
}

std::string text(const char* s, std::size_t n, const char* name) {
  if (!s && n > 0) throw_error(errc::invalid_argument, std::string("argument '") + name + "' is NULL");
  return s ? std::string(s, n) : std::string();
}

namespace {
constexpr std::size_t max_json_depth = 64;  // the deepest document of the ABI nests 5 levels

// The deepest nesting of arrays and objects in `t` (strings skipped), stopping past `limit`.
std::size_t json_depth(std::string_view t, std::size_t limit) {
  std::size_t depth = 0, most = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < t.size() && most <= limit; ++i) {
    const char c = t[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      most = std::max(most, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return most;
}
}  // namespace

nlohmann::json parse(const char* s, std::size_t n, const char* name, nlohmann::json fallback) {
  const auto t = text(s, n, name);
  if (t.empty()) return fallback;
  // Copying a JSON value recurses once per level: a document nested 100,000 deep would overflow
  // the stack, so it is refused before it is parsed.
  if (json_depth(t, max_json_depth) > max_json_depth)
    throw_error(errc::invalid_argument, std::string("argument '") + name + "' nests deeper than " +
                                            std::to_string(max_json_depth) + " levels");
  detail::unique_json j;
  try {  // as every JSON input of the library: nlohmann would keep the last of two equal keys
    j = detail::parse_unique_keys(t);
  } catch (const nlohmann::json::exception&) {
    throw_error(errc::invalid_argument, std::string("argument '") + name + "' is not valid JSON");
  }
  if (!j.problem.empty()) throw_error(errc::invalid_argument, std::string("argument '") + name + "': " + j.problem);
  return std::move(j.doc);
}

void only_keys(const nlohmann::json& j, const std::vector<std::string_view>& known, const char* what) {
  for (const auto& item : j.items()) {
    if (std::find(known.begin(), known.end(), item.key()) != known.end()) continue;
    std::string list;
    for (const auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    throw_error(errc::invalid_argument, std::string(what) + "'s '" + item.key() + "' is not one of " + list);
  }
}

write_options options(const itsm_write_options* o) {
  if (!o) return {};
  return {text(o->reason, o->reason_size, "options.reason"), text(o->reference, o->reference_size, "options.reference")};
}

void clear(itsm_buffer* out) {
  need(out, "out");
  out->data = nullptr;
  out->size = 0;
}

itsm_status emit(itsm_buffer* out, const std::string& s) {
  auto* data = static_cast<char*>(std::malloc(s.size() + 1));
  if (!data) throw std::bad_alloc();
  std::memcpy(data, s.data(), s.size());
  data[s.size()] = '\0';
  out->data = data;
  out->size = s.size();
  return ITSM_OK;
}

itsm::sms& system_of(itsm_sms* s) {
  need(s, "sms");
  return *s->system;
}

const actor& actor_of(const itsm_actor* a) {
  need(a, "who");
  return a->who;
}

}  // namespace itsm::c

extern "C" {

const itsm_error* itsm_last_error(void) { return &itsm::c::current.view; }

const char* itsm_status_name(itsm_status status) {
  switch (status) {
    case ITSM_OK: return "ok";
    case ITSM_BUFFER_TOO_SMALL: return "buffer_too_small";
    case ITSM_INTERNAL: return "internal";
    default:
      if (status >= ITSM_NOT_FOUND && status <= ITSM_CORRUPT)
        return itsm::to_string(static_cast<itsm::errc>(status)).data();
      return "unknown";
  }
}

void itsm_buffer_free(itsm_buffer* buffer) {
  if (!buffer) return;
  std::free(buffer->data);
  buffer->data = nullptr;
  buffer->size = 0;
}

}  // extern "C"

static_assert(ITSM_NOT_FOUND == static_cast<int>(itsm::errc::not_found) &&
                  ITSM_INVALID_ARGUMENT == static_cast<int>(itsm::errc::invalid_argument) &&
                  ITSM_RULE_VIOLATION == static_cast<int>(itsm::errc::rule_violation) &&
                  ITSM_CORRUPT == static_cast<int>(itsm::errc::corrupt),
              "itsm_status mirrors itsm::errc");
