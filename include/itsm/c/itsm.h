/* itsm's stable C ABI (docs/c-api.md): opaque handles, status codes, a thread-local last error,
 * UTF-8 strings with explicit lengths in, JSON documents of the export schema (itsm.export/1)
 * out in library-owned buffers. No exception ever crosses it; a NULL argument is a status.
 * Thread-safety: an itsm_sms may be used from several threads at once; an itsm_actor is
 * read-only while in use and is changed by one thread at a time; itsm_last_error() is per thread. */
#ifndef ITSM_C_ITSM_H
#define ITSM_C_ITSM_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define ITSM_C_API __declspec(dllexport)
#else
#define ITSM_C_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version this header describes: a new MINOR only adds functions; a new MAJOR may
 * change or remove them. Compare with itsm_version() at run time. */
#define ITSM_C_VERSION_MAJOR 0
#define ITSM_C_VERSION_MINOR 1

/* Every function returns one of these. 1..9 mirror itsm::errc in C++. */
typedef enum itsm_status {
  ITSM_OK = 0,
  ITSM_NOT_FOUND = 1,          /* the record (or file, or kind) does not exist */
  ITSM_ALREADY_EXISTS = 2,     /* an id or identity key is taken */
  ITSM_CONFLICT = 3,           /* stale revision, or a concurrent writer won */
  ITSM_INVALID_ARGUMENT = 4,   /* malformed input: NULL, bad JSON, unknown field or kind */
  ITSM_RULE_VIOLATION = 5,     /* a rule refused: see the violations of itsm_last_error() */
  ITSM_PERMISSION_DENIED = 6,  /* the authorizer or separation of duties refused the actor */
  ITSM_UNAVAILABLE = 7,        /* the store cannot serve now (busy, closed, I/O) */
  ITSM_UNSUPPORTED = 8,        /* the store or build lacks the capability */
  ITSM_CORRUPT = 9,            /* stored data fails its checks */
  ITSM_BUFFER_TOO_SMALL = 10,  /* a caller-owned buffer is too small; the size needed is set */
  ITSM_INTERNAL = 11           /* anything else (out of memory, a bug); the message says what */
} itsm_status;

/* One violated rule: the requirement id it enforces ("R-9.2-approve") and why. */
typedef struct itsm_violation {
  const char* rule;
  size_t rule_size;
  const char* message;
  size_t message_size;
} itsm_violation;

/* The last failure of this thread. Strings are NUL-terminated as well as sized. */
typedef struct itsm_error {
  itsm_status code;
  const char* message;
  size_t message_size;
  const itsm_violation* violations;
  size_t violation_count;
} itsm_error;

/* The last error of the calling thread (code ITSM_OK after a success). Never NULL; valid until
 * the thread's next itsm_ call. */
ITSM_C_API const itsm_error* itsm_last_error(void);
/* "ok", "not_found", ... as in C++; "unknown" for other values. Static storage. */
ITSM_C_API const char* itsm_status_name(itsm_status status);
/* The library's version, "MAJOR.MINOR.PATCH" of the C ABI. Static storage. */
ITSM_C_API const char* itsm_version(void);

/* Text the library allocated (a JSON document, UTF-8, NUL-terminated after `size` bytes). The
 * caller releases it with itsm_buffer_free, which resets it; freeing an empty buffer is a no-op.
 * A function that fails leaves its output buffer empty. */
typedef struct itsm_buffer {
  char* data;
  size_t size;
} itsm_buffer;
ITSM_C_API void itsm_buffer_free(itsm_buffer* buffer);

/* What a caller may attach to any write, both recorded in the audit trail: why, and the record
 * it is made under (e.g. "RFC-12" for a change-controlled CI). NULL pointers mean empty. */
typedef struct itsm_write_options {
  const char* reason;
  size_t reason_size;
  const char* reference;
  size_t reference_size;
} itsm_write_options;

/* ---- Stores, the service management system, actors ---------------------------------------- */
typedef struct itsm_store itsm_store;
typedef struct itsm_sms itsm_sms;
typedef struct itsm_actor itsm_actor;

/* Opens "memory:", "sqlite:PATH" or, when built with PostgreSQL, "postgresql://...". */
ITSM_C_API itsm_status itsm_store_open(const char* uri, size_t uri_size, itsm_store** out);
/* Releases the caller's reference; the store closes when no itsm_sms uses it. NULL: no-op. */
ITSM_C_API void itsm_store_close(itsm_store* store);

/* The service management system over `store` (registers the record kinds, seeds the default
 * policies in a new store). `start` (ISO-8601 UTC, e.g. "2026-03-02T08:00:00Z") selects a manual
 * clock starting there, for simulations and tests; NULL: the system clock. */
ITSM_C_API itsm_status itsm_sms_open(itsm_store* store, const char* start, size_t start_size, itsm_sms** out);
/* Moves a manual clock forward to `now` (ITSM_UNSUPPORTED on the system clock). */
ITSM_C_API itsm_status itsm_sms_set_time(itsm_sms* sms, const char* now, size_t now_size);
ITSM_C_API void itsm_sms_close(itsm_sms* sms);

/* Who acts: a name (audited as is) and roles ("admin", "service_desk", "change_manager", ...;
 * docs/c-api.md lists them). Every call on an itsm_sms names one. */
ITSM_C_API itsm_status itsm_actor_new(const char* name, size_t name_size, itsm_actor** out);
ITSM_C_API itsm_status itsm_actor_add_role(itsm_actor* actor, const char* role, size_t role_size);
/* A customer's own user: "CUS-3" (empty: the provider's staff). */
ITSM_C_API itsm_status itsm_actor_set_customer(itsm_actor* actor, const char* customer, size_t customer_size);
ITSM_C_API void itsm_actor_free(itsm_actor* actor);

/* ---- Records by kind ------------------------------------------------------------------------ *
 * Kinds: "ci_type", "configuration_item", "service", "sla", "customer", "incident",
 * "service_request", "rfc". A document is an export record, {"kind", "id", "revision",
 * "fields": {...}}, of which create reads "fields" (and checks "kind" when given) and update
 * also "id" and "revision". Outputs are export records of the stored result. */

/* Creates: a CI type (a new version when the name exists), CI, service, SLA, customer; records
 * an incident or service request; submits an RFC. Fields left out keep their defaults. */
ITSM_C_API itsm_status itsm_record_create(itsm_sms* sms, const itsm_actor* who, const char* kind, size_t kind_size,
                                          const char* document, size_t document_size,
                                          const itsm_write_options* options, itsm_buffer* out);
/* Updates a configuration_item, service, customer or (editing its plan) rfc: the fields given
 * replace the stored ones; "revision" must be the stored revision (else ITSM_CONFLICT). */
ITSM_C_API itsm_status itsm_record_update(itsm_sms* sms, const itsm_actor* who, const char* kind, size_t kind_size,
                                          const char* document, size_t document_size,
                                          const itsm_write_options* options, itsm_buffer* out);
/* One record by key ("CI-4", "INC-7", or a CI type's name); ITSM_NOT_FOUND when it does not
 * exist or `who` may not see it. */
ITSM_C_API itsm_status itsm_record_get(itsm_sms* sms, const itsm_actor* who, const char* kind, size_t kind_size,
                                       const char* key, size_t key_size, itsm_buffer* out);

/* ---- CMDB ----------------------------------------------------------------------------------- */
/* Retires a CI and its active relationships. */
ITSM_C_API itsm_status itsm_ci_retire(itsm_sms* sms, const itsm_actor* who, const char* ci, size_t ci_size,
                                      const itsm_write_options* options, itsm_buffer* out);
/* Relates two CIs by a relationship kind ("runs_on"); `out` is the relationship record. */
ITSM_C_API itsm_status itsm_ci_relate(itsm_sms* sms, const itsm_actor* who, const char* source, size_t source_size,
                                      const char* kind, size_t kind_size, const char* target, size_t target_size,
                                      const itsm_write_options* options, itsm_buffer* out);
/* The blast radius of changing CIs and services now: `scope` is {"cis": ["CI-1"], "services":
 * ["SVC-2"]}; `out` is {"cis": [...], "services": [...]}, the impacted ones by key. */
ITSM_C_API itsm_status itsm_impact(itsm_sms* sms, const itsm_actor* who, const char* scope, size_t scope_size,
                                   itsm_buffer* out);

/* ---- Workflows ------------------------------------------------------------------------------ *
 * One step of a ticket or RFC, chosen by the key's prefix and `step`; `args` is a JSON object of
 * the step's arguments (NULL or {} when it has none). `out` is the record after the step.
 *   INC: assign {group, assignee}, start, pend {reason}, resume, resolve {resolution},
 *        reopen {reason}, close, reprioritise {impact, urgency}, classify {category, security},
 *        note {text}, declare_major {manager}, review {findings, actions}
 *   REQ: approve, start, step {step}, pend {reason}, resume, fulfil {fulfilment}, close,
 *        cancel {reason}
 *   RFC: assess {risk, security_impact, continuity_impact, plans_impact, cost},
 *        decide {vote: "approve"|"reject", comment}, schedule {start, end, accept_conflicts},
 *        build, test, implement, complete {successful}, back_out {what_was_done,
 *        investigation_summary, problem}, review {pir, participants: [...]},
 *        retrospective_review {text}, close
 * An illegal step is ITSM_RULE_VIOLATION citing the rule's R- id. */
ITSM_C_API itsm_status itsm_transition(itsm_sms* sms, const itsm_actor* who, const char* key, size_t key_size,
                                       const char* step, size_t step_size, const char* args, size_t args_size,
                                       const itsm_write_options* options, itsm_buffer* out);
/* SLA figures of an incident or service request now: {"sla", "priority", "breached",
 * "response", "resolution"} as in the ticket export. */
ITSM_C_API itsm_status itsm_sla_figures(itsm_sms* sms, const itsm_actor* who, const char* key, size_t key_size,
                                        itsm_buffer* out);
/* The ticket export (incident or service request with its log, links, comments, SLA figures). */
ITSM_C_API itsm_status itsm_export_ticket(itsm_sms* sms, const itsm_actor* who, const char* key, size_t key_size,
                                          itsm_buffer* out);

/* ---- Queries -------------------------------------------------------------------------------- *
 * Kinds: "incident", "service_request", "problem", "known_error", "rfc", "release",
 * "configuration_item", "service", "customer". `spec` (NULL: everything by id) is
 * {"where": [[field, op, value], ...] (all must hold), "order_by": field, "descending": bool,
 *  "limit": 1..1000 (default 50)}, op one of eq ne lt le gt ge in (value: array) starts_with
 * is_null is_not_null; instants as ISO-8601 text. */

/* One page after `cursor` (NULL or empty: the first): `out` is {"schema", "kind", "items",
 * "next_cursor"}; the next cursor ("" on the last page) is also copied, NUL-terminated, into
 * the caller's `next_cursor` of `next_cursor_capacity` bytes. When it does not fit, the call
 * returns ITSM_BUFFER_TOO_SMALL, sets *next_cursor_size to the bytes needed (NUL included) and
 * leaves `out` empty. `next_cursor` may be NULL (capacity 0) when the caller reads the page's. */
ITSM_C_API itsm_status itsm_query(itsm_sms* sms, const itsm_actor* who, const char* kind, size_t kind_size,
                                  const char* spec, size_t spec_size, const char* cursor, size_t cursor_size,
                                  itsm_buffer* out, char* next_cursor, size_t next_cursor_capacity,
                                  size_t* next_cursor_size);
/* How many records match `spec` (its limit ignored). */
ITSM_C_API itsm_status itsm_count(itsm_sms* sms, const itsm_actor* who, const char* kind, size_t kind_size,
                                  const char* spec, size_t spec_size, uint64_t* count);

/* ---- Verification and reports --------------------------------------------------------------- */
/* Verifies the audit chain and every stored record against it (R-9.1-trace): `out` is
 * {"ok", "trail": {"ok", "entries", "problem"}, "records": {"ok", "records", "verified",
 * "findings": [{"kind", "id", "problem"}]}}. A finding is data, not an error: the call is ITSM_OK. */
ITSM_C_API itsm_status itsm_verify(itsm_sms* sms, const itsm_actor* who, itsm_buffer* out);
/* The service report of [from, to) for `scope` ("all", "service:SVC-3", "customer:CUS-2") in
 * `format` "json" (schema itsm.report/1), "markdown" or "html". */
ITSM_C_API itsm_status itsm_service_report(itsm_sms* sms, const itsm_actor* who, const char* from, size_t from_size,
                                           const char* to, size_t to_size, const char* scope, size_t scope_size,
                                           const char* format, size_t format_size, itsm_buffer* out);

#ifdef __cplusplus
}
#endif

#endif /* ITSM_C_ITSM_H */
