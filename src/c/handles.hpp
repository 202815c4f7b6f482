// What the C ABI's opaque handles hold, and the helpers every itsm_ function shares: the guard
// that turns any exception into a status and the thread's last error, argument checks, JSON
// input and library-owned output buffers. Private to src/c.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "itsm/c/itsm.h"
#include "itsm/core/clock.hpp"
#include "itsm/process/authorizer.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/process/write_options.hpp"

struct itsm_store {
  std::shared_ptr<itsm::storage::backend> backend;
};

struct itsm_sms {
  std::shared_ptr<itsm::manual_clock> manual;  // null on the system clock
  std::unique_ptr<itsm::sms> system;
};

struct itsm_actor {
  itsm::actor who;
};

namespace itsm::c {

// Records `status` and `message` as this thread's last error and returns `status`.
itsm_status fail(itsm_status status, std::string message) noexcept;
// The status of the exception being handled, recorded as the last error with `function`
// prefixed to its message. Call only inside a catch block.
itsm_status fail_current(const char* function) noexcept;
// Resets this thread's last error to ITSM_OK.
void succeed() noexcept;

// Runs `body` (returning itsm_status); any exception becomes its status and last error.
template <class F>
itsm_status guarded(const char* function, F&& body) noexcept {
  try {
    succeed();
    return body();
  } catch (...) {
    return fail_current(function);
  }
}

// The sms and actor of a call. Errors: invalid_argument (NULL).
itsm::sms& system_of(itsm_sms* s);
const actor& actor_of(const itsm_actor* a);
// Checks and empties the output buffer, so that a failing call leaves it empty.
void clear(itsm_buffer* out);

// The common shape of a call: body(sms, actor) under guarded(), after the handles and the
// output buffer were checked and the buffer emptied.
template <class F>
itsm_status with_session(const char* function, itsm_sms* sms, const itsm_actor* who, itsm_buffer* out,
                         F&& body) noexcept {
  return guarded(function, [&] {
    clear(out);
    return body(system_of(sms), actor_of(who));
  });
}

// Throws itsm::error(invalid_argument) "argument 'NAME' is NULL" when p is null.
void need(const void* p, const char* name);
// The UTF-8 text (s, n): NULL with n == 0 is "", NULL with n > 0 is invalid_argument.
std::string text(const char* s, std::size_t n, const char* name);
// The JSON document (s, n); NULL or empty: `fallback`. Errors: invalid_argument (not JSON, a
// key given twice in one object, a NUL byte).
nlohmann::json parse(const char* s, std::size_t n, const char* name, nlohmann::json fallback = nullptr);
// The member `key` of object `j` as T, or `fallback` when absent. Errors: invalid_argument
// (wrong type; for an integer, a number with a fraction or one that T cannot hold).
template <class T>
T member(const nlohmann::json& j, const char* key, T fallback = T{}) {
  if (!j.is_object() || !j.contains(key) || j[key].is_null()) return fallback;
  const auto& v = j[key];
  const auto wrong = [key] {
    throw_error(errc::invalid_argument, std::string("argument member '") + key + "' has the wrong type");
  };
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    // nlohmann would cast: 2.5 to 2, true to 1, 4294967298 to an int 2.
    if (!v.is_number_integer()) wrong();
    const bool fits = v.is_number_unsigned() ? std::in_range<T>(v.template get<std::uint64_t>())
                                             : std::in_range<T>(v.template get<std::int64_t>());
    if (!fits) throw_error(errc::invalid_argument, std::string("argument member '") + key + "' is out of range");
    return v.is_number_unsigned() ? static_cast<T>(v.template get<std::uint64_t>())
                                  : static_cast<T>(v.template get<std::int64_t>());
  } else {
    try {
      return v.template get<T>();
    } catch (const nlohmann::json::exception&) {
      wrong();
    }
  }
  return fallback;
}
// Refuses (invalid_argument) a key of object `j` not in `known`: a misspelt key would silently
// be left out. `what` names the argument ("the spec").
void only_keys(const nlohmann::json& j, const std::vector<std::string_view>& known, const char* what);
write_options options(const itsm_write_options* o);
// Copies `s` into `out` (malloc'd, NUL-terminated).
itsm_status emit(itsm_buffer* out, const std::string& s);
}  // namespace itsm::c
