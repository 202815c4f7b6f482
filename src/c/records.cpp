// Records by kind: create, update and get, documents in and out in the export schema
// (itsm.export/1), decoded by the library's own field codecs (process/record_json.hpp).
#include <optional>

#include "handles.hpp"
#include "itsm/process/export.hpp"
#include "process/record_json.hpp"

using namespace itsm;
using namespace itsm::c;
using json = nlohmann::json;

namespace {

// What a create or update reads of an export record document.
struct document {
  json fields = json::object();
  std::string id;
  std::optional<std::int64_t> revision;
};

document read_document(const json& j, const std::string& kind) {
  if (!j.is_object()) throw_error(errc::invalid_argument, "the document must be a JSON object");
  document d;
  for (const auto& item : j.items()) {
    const auto& key = item.key();
    const auto& v = item.value();
    if (key == "kind") {
      if (v != kind) throw_error(errc::invalid_argument, "the document's kind is not '" + kind + "'");
    } else if (key == "fields") {
      if (!v.is_object()) throw_error(errc::invalid_argument, "the document's fields must be an object");
      d.fields = v;
    } else if (key == "id") {
      if (!v.is_string()) throw_error(errc::invalid_argument, "the document's id must be a string");
      d.id = v.get<std::string>();
    } else if (key == "revision") {
      if (!v.is_number_integer()) throw_error(errc::invalid_argument, "the document's revision must be an integer");
      d.revision = v.get<std::int64_t>();
    } else if (key != "schema") {
      throw_error(errc::invalid_argument, "the document's '" + key + "' is not a key of an export record");
    }
  }
  return d;
}

// A new record from the document's fields; the id only for kinds keyed by a caller-chosen name
// (a CI type), the store assigns the others.
template <class T>
T draft_of(const document& d) {
  const auto& k = T::def();
  if (!d.id.empty() && !k.id_prefix().empty())
    throw_error(errc::invalid_argument, "a new " + k.name() + " takes no id: the store assigns it");
  T t = detail::overlay_fields(d.fields, T{}, "fields");
  if (!d.id.empty()) k.set_key(t, d.id);
  return t;
}

// The stored record `found` with the document's fields over it, at the document's revision.
template <class T>
T edited(const document& d, const std::optional<T>& found) {
  if (!found) throw_error(errc::not_found, T::def().name() + " " + d.id + " does not exist");
  if (!d.revision) throw_error(errc::invalid_argument, "an update names the revision it edits");
  T t = detail::overlay_fields(d.fields, *found, "fields");
  t.revision = *d.revision;
  return t;
}

template <class Id>
Id id_of(const document& d) {
  if (d.id.empty()) throw_error(errc::invalid_argument, "an update names the record's id");
  return Id::parse(d.id);
}

template <class T>
itsm_status emit_found(itsm_buffer* out, const std::optional<T>& r, const std::string& key) {
  if (!r) throw_error(errc::not_found, T::def().name() + " " + key + " does not exist or is not visible");
  return emit(out, export_json(*r));
}

[[noreturn]] void unknown_kind(const std::string& kind, const char* what) {
  throw_error(errc::invalid_argument, "kind '" + kind + "' cannot be " + what + " (docs/c-api.md lists the kinds)");
}

}  // namespace

extern "C" {

itsm_status itsm_record_create(itsm_sms* sms, const itsm_actor* who, const char* kind, size_t kind_size,
                               const char* document, size_t document_size, const itsm_write_options* options,
                               itsm_buffer* out) {
  return with_session("itsm_record_create", sms, who, out, [&](itsm::sms& s, const actor& a) {
    const auto k = text(kind, kind_size, "kind");
    const auto d = read_document(parse(document, document_size, "document", json::object()), k);
    const auto o = c::options(options);
    if (k == "ci_type") return emit(out, export_json(s.configuration().define_type(a, draft_of<model::ci_type>(d), o)));
    if (k == "configuration_item")
      return emit(out, export_json(s.configuration().create(a, draft_of<model::configuration_item>(d), o)));
    if (k == "service") return emit(out, export_json(s.service_level().add_service(a, draft_of<model::service>(d), o)));
    if (k == "sla") return emit(out, export_json(s.service_level().define_sla(a, draft_of<model::sla>(d), o)));
    if (k == "customer") return emit(out, export_json(s.service_level().add_customer(a, draft_of<model::customer>(d), o)));
    if (k == "incident") return emit(out, export_json(s.incidents().record(a, draft_of<model::incident>(d), o)));
    if (k == "service_request")
      return emit(out, export_json(s.requests().record(a, draft_of<model::service_request>(d), o)));
    if (k == "rfc") return emit(out, export_json(s.changes().submit(a, draft_of<model::rfc>(d), o)));
    unknown_kind(k, "created");
  });
}

itsm_status itsm_record_update(itsm_sms* sms, const itsm_actor* who, const char* kind, size_t kind_size,
                               const char* document, size_t document_size, const itsm_write_options* options,
                               itsm_buffer* out) {
  return with_session("itsm_record_update", sms, who, out, [&](itsm::sms& s, const actor& a) {
    const auto k = text(kind, kind_size, "kind");
    const auto d = read_document(parse(document, document_size, "document"), k);
    const auto o = c::options(options);
    if (k == "configuration_item") {
      auto& conf = s.configuration();
      return emit(out, export_json(conf.update(a, edited(d, conf.find(a, id_of<ci_id>(d))), o)));
    }
    if (k == "service") {
      auto& sl = s.service_level();
      return emit(out, export_json(sl.update_service(a, edited(d, sl.find_service(a, id_of<service_id>(d))), o)));
    }
    if (k == "customer") {
      auto& sl = s.service_level();
      return emit(out, export_json(sl.update_customer(a, edited(d, sl.find_customer(a, id_of<customer_id>(d))), o)));
    }
    if (k == "rfc") {
      auto& ch = s.changes();
      return emit(out, export_json(ch.edit(a, edited(d, ch.find(a, id_of<rfc_id>(d))), o)));
    }
    unknown_kind(k, "updated");
  });
}

itsm_status itsm_record_get(itsm_sms* sms, const itsm_actor* who, const char* kind, size_t kind_size,
                            const char* key, size_t key_size, itsm_buffer* out) {
  return with_session("itsm_record_get", sms, who, out, [&](itsm::sms& s, const actor& a) {
    const auto k = text(kind, kind_size, "kind");
    const auto id = text(key, key_size, "key");
    if (k == "ci_type") return emit_found(out, s.configuration().find_type(a, id), id);
    if (k == "configuration_item") return emit_found(out, s.configuration().find(a, ci_id::parse(id)), id);
    if (k == "service") return emit_found(out, s.service_level().find_service(a, service_id::parse(id)), id);
    if (k == "customer") return emit_found(out, s.service_level().find_customer(a, customer_id::parse(id)), id);
    if (k == "incident") return emit_found(out, s.incidents().find(a, incident_id::parse(id)), id);
    if (k == "service_request")
      return emit_found(out, s.requests().find(a, service_request_id::parse(id)), id);
    if (k == "rfc") return emit_found(out, s.changes().find(a, rfc_id::parse(id)), id);
    unknown_kind(k, "read by key");
  });
}

}  // extern "C"
