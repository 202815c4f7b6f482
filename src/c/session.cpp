// Stores, the sms over them, and actors: the handles every other call takes.
#include <mutex>

#include "handles.hpp"
#include "itsm/core/text.hpp"
#include "itsm/core/time.hpp"
#include "itsm/storage/registry.hpp"
#include "itsm/storage/sqlite.hpp"
#ifdef ITSM_C_WITH_POSTGRES
#include "itsm/storage/postgres.hpp"
#endif

using namespace itsm;
using namespace itsm::c;

namespace {
#define ITSM_C_STRINGIFY2(x) #x
#define ITSM_C_STRINGIFY(x) ITSM_C_STRINGIFY2(x)
constexpr const char* version_text = ITSM_C_STRINGIFY(ITSM_C_VERSION_MAJOR) "." ITSM_C_STRINGIFY(ITSM_C_VERSION_MINOR) ".0";

// The adapters this build has, registered once whoever opens the first store.
void register_adapters() {
  static std::once_flag once;
  std::call_once(once, [] {
    storage::register_sqlite();
#ifdef ITSM_C_WITH_POSTGRES
    storage::register_postgres();
#endif
  });
}
}  // namespace

extern "C" {

const char* itsm_version(void) { return version_text; }

itsm_status itsm_store_open(const char* uri, size_t uri_size, itsm_store** out) {
  return guarded("itsm_store_open", [&] {
    need(out, "out");
    *out = nullptr;
    const auto u = text(uri, uri_size, "uri");
    register_adapters();
    auto store = std::make_unique<itsm_store>();
    store->backend = storage::open(u);
    *out = store.release();
    return ITSM_OK;
  });
}

void itsm_store_close(itsm_store* store) { delete store; }

itsm_status itsm_sms_open(itsm_store* store, const char* start, size_t start_size, itsm_sms** out) {
  return guarded("itsm_sms_open", [&] {
    need(out, "out");
    *out = nullptr;
    need(store, "store");
    auto handle = std::make_unique<itsm_sms>();
    sms_options opt;
    const auto s = text(start, start_size, "start");
    if (!s.empty()) {
      handle->manual = std::make_shared<manual_clock>(parse_iso(s));
      opt.time_source = handle->manual;
    }
    opt.access = std::make_shared<const role_policy>(role_policy::defaults());
    handle->system = std::make_unique<sms>(store->backend, std::move(opt));
    *out = handle.release();
    return ITSM_OK;
  });
}

itsm_status itsm_sms_set_time(itsm_sms* sms, const char* now, size_t now_size) {
  return guarded("itsm_sms_set_time", [&] {
    need(sms, "sms");
    const auto t = parse_iso(text(now, now_size, "now"));
    if (!sms->manual) throw_error(errc::unsupported, "the sms runs on the system clock (opened without a start)");
    sms->manual->set(t);
    return ITSM_OK;
  });
}

void itsm_sms_close(itsm_sms* sms) { delete sms; }

itsm_status itsm_actor_new(const char* name, size_t name_size, itsm_actor** out) {
  return guarded("itsm_actor_new", [&] {
    need(out, "out");
    *out = nullptr;
    auto n = text(name, name_size, "name");
    if (n.find_first_not_of(" \t\r\n\f\v") == std::string::npos) throw_error(errc::invalid_argument, "an actor needs a name");
    require_utf8(n, "the actor's name");  // refused here, not at every call that names the actor
    *out = new itsm_actor{actor(std::move(n))};
    return ITSM_OK;
  });
}

itsm_status itsm_actor_add_role(itsm_actor* actor, const char* role, size_t role_size) {
  return guarded("itsm_actor_add_role", [&] {
    need(actor, "actor");
    auto r = text(role, role_size, "role");
    if (r.empty()) throw_error(errc::invalid_argument, "a role needs a name");
    require_utf8(r, "the role");
    if (!actor->who.has_role(r)) actor->who.roles.push_back(std::move(r));
    return ITSM_OK;
  });
}

itsm_status itsm_actor_set_customer(itsm_actor* actor, const char* customer, size_t customer_size) {
  return guarded("itsm_actor_set_customer", [&] {
    need(actor, "actor");
    auto c = text(customer, customer_size, "customer");
    if (!c.empty()) customer_id::parse(c);  // a malformed key is refused now, not at each read
    actor->who.customer = std::move(c);
    return ITSM_OK;
  });
}

void itsm_actor_free(itsm_actor* actor) { delete actor; }

}  // extern "C"
