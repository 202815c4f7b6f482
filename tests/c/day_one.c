/* A vendor's first day through the C ABI (docs/c-api.md), in plain C11: a SQLite store, actors,
 * the CMDB, an incident, a service request and an RFC through their steps, SLA figures, paged
 * queries, impact, verification, the service report and the ticket export — and every error
 * path a binding meets (NULLs, bad JSON, rule violations with their R- ids, a small buffer).
 *   itsm_c_day_one PATH.db     (the file is replaced)
 * Prints ok/FAIL per check; exits 1 when any check failed. */
#include <itsm/c/itsm.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A string literal with its length, for the (text, size) pairs. */
#define S(lit) lit, sizeof(lit) - 1

static int failures = 0;

static void check(int ok, const char* what) {
  printf("%s %s\n", ok ? "  ok  " : "  FAIL", what);
  if (!ok) {
    const itsm_error* e = itsm_last_error();
    printf("        last error: %s: %s\n", itsm_status_name(e->code), e->message);
    ++failures;
  }
}

/* Does the last error cite `rule`? */
static int violates(const char* rule) {
  const itsm_error* e = itsm_last_error();
  for (size_t i = 0; i < e->violation_count; ++i)
    if (e->violations[i].rule_size == strlen(rule) && memcmp(e->violations[i].rule, rule, strlen(rule)) == 0) return 1;
  return 0;
}

static int has(const itsm_buffer* b, const char* needle) { return b->data && strstr(b->data, needle) != NULL; }

/* The key of an export record ("CI-3") into `key`. */
static void key_of(const itsm_buffer* b, char* key, size_t capacity) {
  key[0] = '\0';
  const char* at = b->data ? strstr(b->data, "\"id\":\"") : NULL;
  if (!at) return;
  at += 6;
  size_t n = 0;
  while (at[n] && at[n] != '"' && n + 1 < capacity) ++n;
  memcpy(key, at, n);
  key[n] = '\0';
}

static itsm_actor* person(const char* name, const char* role) {
  itsm_actor* a = NULL;
  if (itsm_actor_new(name, strlen(name), &a) != ITSM_OK) return NULL;
  if (itsm_actor_add_role(a, role, strlen(role)) != ITSM_OK) {
    itsm_actor_free(a);
    return NULL;
  }
  return a;
}

/* One step: returns its status, leaving the record (or nothing) in *out. */
static itsm_status step(itsm_sms* sms, const itsm_actor* who, const char* key, const char* name, const char* args,
                        itsm_buffer* out) {
  itsm_buffer_free(out);
  return itsm_transition(sms, who, key, strlen(key), name, strlen(name), args, args ? strlen(args) : 0, NULL, out);
}

static itsm_status create(itsm_sms* sms, const itsm_actor* who, const char* kind, const char* doc, itsm_buffer* out) {
  itsm_buffer_free(out);
  return itsm_record_create(sms, who, kind, strlen(kind), doc, strlen(doc), NULL, out);
}

/* What a careless caller or an attacker sends: every call fails with a status (never a crash or
 * ITSM_INTERNAL) and the incident keeps what it had. */
static void hostile_input(itsm_sms* sms, itsm_actor* root, itsm_actor* audrey) {
  itsm_buffer out = {NULL, 0};
  char key[32];
  check(create(sms, root, "incident", "{\"fields\": {\"title\": \"probe\", \"description\": \"x\", \"impact\": 3, \"urgency\": 3}}",
               &out) == ITSM_OK,
        "an incident to probe");
  key_of(&out, key, sizeof key);
  const char* bad_args[] = {"{\"impact\": 4294967298, \"urgency\": 3}", "{\"impact\": 2.5, \"urgency\": 3}",
                            "{\"impact\": true, \"urgency\": 3}", "{\"impact\": 1e300, \"urgency\": 3}",
                            "{\"impact\": 1, \"impact\": 3, \"urgency\": 3}"};
  for (size_t i = 0; i < sizeof bad_args / sizeof bad_args[0]; ++i)
    check(step(sms, root, key, "reprioritise", bad_args[i], &out) == ITSM_INVALID_ARGUMENT, bad_args[i]);
  check(create(sms, root, "incident", "{\"fields\": {\"title\": \"t\", \"description\": \"x\", \"impact\": 4294967298}}", &out) ==
            ITSM_INVALID_ARGUMENT && strstr(itsm_last_error()->message, "impact"),
        "a field value its member cannot hold refused by name");
  check(create(sms, root, "customer", "{\"fields\": {\"name\": \"A\", \"name\": \"B\"}}", &out) == ITSM_INVALID_ARGUMENT,
        "a key given twice refused");
  static const char with_nul[] = "{\"fields\": {\"name\": \"Z\"}}\0{\"x\": 1}";
  check(itsm_record_create(sms, root, S("customer"), with_nul, sizeof with_nul - 1, NULL, &out) == ITSM_INVALID_ARGUMENT,
        "a document with a NUL byte refused, not cut at it");
  enum { depth = 100000 };
  char* deep = malloc(2 * depth + 64);
  if (deep) {
    size_t n = (size_t)sprintf(deep, "{\"fields\": {\"title\": ");
    for (int i = 0; i < depth; ++i) deep[n++] = '[';
    for (int i = 0; i < depth; ++i) deep[n++] = ']';
    n += (size_t)sprintf(deep + n, "}}");
    check(itsm_record_create(sms, root, S("incident"), deep, n, NULL, &out) == ITSM_INVALID_ARGUMENT,
          "a document nested 100000 deep refused");
    free(deep);
  }
  check(create(sms, root, "customer", "\xEF\xBB\xBF{\"fields\":\r\n {\"name\": \"BOM and CRLF\"}}", &out) == ITSM_OK,
        "a byte order mark and CRLF are JSON whitespace");
  uint64_t n = 0;
  const char* bad_specs[] = {"{\"limt\": 1}", "{\"limit\": -1}", "{\"limit\": 2.5}", "{\"limit\": true}",
                             "{\"limit\": 1, \"limit\": 1000}", "{\"where\": [[\"title\", \"eq\", \"a\", \"b\"]]}",
                             "{\"where\": [[\"state\", \"eq\", \"\xff\"]]}"};
  for (size_t i = 0; i < sizeof bad_specs / sizeof bad_specs[0]; ++i)
    check(itsm_count(sms, audrey, S("incident"), bad_specs[i], strlen(bad_specs[i]), &n) == ITSM_INVALID_ARGUMENT, bad_specs[i]);
  check(itsm_count(sms, audrey, S("incident\0"), NULL, 0, &n) == ITSM_INVALID_ARGUMENT, "a kind with a NUL byte refused");
  check(itsm_impact(sms, audrey, S("{\"ci\": [\"CI-1\"]}"), &out) == ITSM_INVALID_ARGUMENT && strstr(itsm_last_error()->message, "'ci'"),
        "a misspelt scope key refused by name, not answered with no impact");
  const char* bad_keys[] = {"", "INC-", "INC-0", "INC-99999999999999999999", "inc-1", "INC-1 "};
  for (size_t i = 0; i < sizeof bad_keys / sizeof bad_keys[0]; ++i)
    check(itsm_record_get(sms, audrey, S("incident"), bad_keys[i], strlen(bad_keys[i]), &out) == ITSM_INVALID_ARGUMENT,
          "a malformed incident key refused");
  check(itsm_record_get(sms, audrey, S("incident"), key, strlen(key) + 1, &out) == ITSM_INVALID_ARGUMENT,
        "a key with its NUL counted refused");
  itsm_actor* odd = NULL;
  check(itsm_actor_new(S("\xff\xfe"), &odd) == ITSM_INVALID_ARGUMENT && odd == NULL &&
            itsm_actor_new(S(" \t"), &odd) == ITSM_INVALID_ARGUMENT && odd == NULL,
        "an actor named in bytes that are not UTF-8, or in blanks, refused");
  check(itsm_actor_add_role(root, S("adm\xc3")) == ITSM_INVALID_ARGUMENT, "a role that is not UTF-8 refused");
  itsm_write_options bad_reason = {S("why \xff"), NULL, 0};
  check(itsm_transition(sms, root, key, strlen(key), S("note"), S("{\"text\": \"seen\"}"), &bad_reason, &out) == ITSM_INVALID_ARGUMENT,
        "a reason that is not UTF-8 refused");
  check(step(sms, root, key, "assign", "{\"group\": \"desk\", \"asignee\": \"dave\"}", &out) == ITSM_INVALID_ARGUMENT &&
            strstr(itsm_last_error()->message, "'asignee'"),
        "a misspelt step argument refused by name, not left out");
  check(itsm_transition(sms, root, key, strlen(key), S("resolve"), S("{\"resolution\": 7}"), NULL, &out) ==
            ITSM_INVALID_ARGUMENT,
        "an argument of the wrong type refused");
  check(itsm_record_get(sms, audrey, S("incident"), key, strlen(key), &out) == ITSM_OK && has(&out, "\"impact\":3") &&
            has(&out, "\"state\":\"recorded\"") && has(&out, "\"revision\":1"),
        "the probed incident is as it was recorded");
  itsm_buffer_free(&out);
  /* Closing in any order, and closing NULL, as the header promises. */
  itsm_store* mem = NULL;
  itsm_sms* other = NULL;
  check(itsm_store_open(S("memory:"), &mem) == ITSM_OK && itsm_sms_open(mem, NULL, 0, &other) == ITSM_OK, "a memory store");
  itsm_store_close(mem);
  check(itsm_count(other, audrey, S("incident"), NULL, 0, &n) == ITSM_OK && n == 0,
        "an sms keeps its store alive after itsm_store_close");
  itsm_sms_close(other);
  itsm_sms_close(NULL);
  itsm_store_close(NULL);
  itsm_actor_free(NULL);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: itsm_c_day_one PATH.db\n");
    return 2;
  }
  char uri[4096];
  snprintf(uri, sizeof uri, "sqlite:%s", argv[1]);
  remove(argv[1]);

  printf("versions\n");
  char header[32];
  snprintf(header, sizeof header, "%d.%d.", ITSM_C_VERSION_MAJOR, ITSM_C_VERSION_MINOR);
  check(strncmp(itsm_version(), header, strlen(header)) == 0, "itsm_version() matches the header's macros");
  check(strcmp(itsm_status_name(ITSM_RULE_VIOLATION), "rule_violation") == 0 &&
            strcmp(itsm_status_name(ITSM_BUFFER_TOO_SMALL), "buffer_too_small") == 0 &&
            strcmp(itsm_status_name((itsm_status)99), "unknown") == 0,
        "status names");

  printf("opening\n");
  itsm_store* store = NULL;
  check(itsm_store_open(NULL, 3, &store) == ITSM_INVALID_ARGUMENT && store == NULL, "NULL uri refused");
  check(itsm_store_open(S("memory:"), NULL) == ITSM_INVALID_ARGUMENT && strstr(itsm_last_error()->message, "'out'"),
        "NULL out refused, the message names the argument");
  check(itsm_store_open(S("no-scheme"), &store) == ITSM_INVALID_ARGUMENT, "a URI without scheme refused");
  check(itsm_store_open(S("carrier-pigeon:x"), &store) == ITSM_UNSUPPORTED, "an unknown scheme is unsupported");
  char nul_uri[4200];
  const size_t uri_size = strlen(uri);
  memcpy(nul_uri, uri, uri_size);
  memcpy(nul_uri + uri_size, "\0.x", 3);
  check(itsm_store_open(nul_uri, uri_size + 3, &store) == ITSM_INVALID_ARGUMENT && store == NULL,
        "a URI with a NUL byte refused, not cut at it");
  check(itsm_store_open(uri, strlen(uri), &store) == ITSM_OK && itsm_last_error()->code == ITSM_OK,
        "SQLite store opened; the last error is cleared");
  itsm_sms* sms = NULL;
  check(itsm_sms_open(NULL, NULL, 0, &sms) == ITSM_INVALID_ARGUMENT, "NULL store refused");
  check(itsm_sms_open(store, S("yesterday"), &sms) == ITSM_INVALID_ARGUMENT, "a malformed start instant refused");
  check(itsm_sms_open(store, S("2026-03-02T08:00:00Z"), &sms) == ITSM_OK, "sms on a manual clock");
  check(itsm_sms_set_time(sms, S("2026-03-02T08:30:00Z")) == ITSM_OK, "clock moved forward");
  check(itsm_sms_set_time(sms, S("2026-03-01T00:00:00Z")) == ITSM_INVALID_ARGUMENT, "the clock never goes back");

  printf("actors\n");
  itsm_actor* nobody = NULL;
  check(itsm_actor_new(S(""), &nobody) == ITSM_INVALID_ARGUMENT && nobody == NULL, "an actor needs a name");
  check(itsm_actor_add_role(NULL, S("admin")) == ITSM_INVALID_ARGUMENT, "NULL actor refused");
  itsm_actor* root = person("root", "admin");
  itsm_actor* carla = person("carla", "configuration_manager");
  itsm_actor* dave = person("dave", "service_desk");
  itsm_actor* irene = person("irene", "incident_manager");
  itsm_actor* chris = person("chris", "change_manager");
  itsm_actor* rita = person("rita", "cab_member");
  itsm_actor* cathy = person("cathy", "cab_member");
  itsm_actor* ivan = person("ivan", "cab_member");
  itsm_actor* owen = person("owen", "service_owner");
  itsm_actor* audrey = person("audrey", "auditor");
  itsm_actor* cleo = person("cleo", "customer");
  check(root && carla && dave && irene && chris && rita && cathy && ivan && owen && audrey && cleo, "actors made");
  check(itsm_actor_set_customer(cleo, S("customer three")) == ITSM_INVALID_ARGUMENT, "a malformed customer key refused");

  printf("catalogue and CMDB\n");
  itsm_buffer out = {NULL, 0};
  char svc[32], ci_db[32], ci_shop[32], ci_old[32], inc[32], req[32], rfc[32], cus[32];
  check(create(sms, root, "customer", "{\"fields\": {\"name\": \"ACME\"}}", &out) == ITSM_OK, "customer added");
  key_of(&out, cus, sizeof cus);
  itsm_buffer_free(&out);
  check(itsm_actor_set_customer(cleo, cus, strlen(cus)) == ITSM_OK, "cleo is a user of the customer");
  check(create(sms, root, "service",
               "{\"kind\": \"service\", \"fields\": {\"name\": \"webshop\", \"owner\": \"owen\", \"status\": \"live\"}}",
               &out) == ITSM_OK &&
            has(&out, "\"schema\":\"itsm.export/1\""),
        "service added; the result is an export record");
  key_of(&out, svc, sizeof svc);
  itsm_buffer_free(&out);
  char doc[1024];
  snprintf(doc, sizeof doc,
           "{\"fields\": {\"name\": \"webshop gold\", \"service\": \"%s\", \"targets\": ["
           "{\"priority\": 1, \"response\": 15, \"resolution\": 120}, {\"priority\": 2, \"response\": 30, \"resolution\": 240},"
           "{\"priority\": 3, \"response\": 60, \"resolution\": 480}, {\"priority\": 4, \"response\": 120, \"resolution\": 960},"
           "{\"priority\": 5, \"response\": 240, \"resolution\": 1920}]}}",
           svc);
  check(create(sms, root, "sla", doc, &out) == ITSM_OK, "SLA agreed for the service");
  itsm_buffer_free(&out);
  check(create(sms, root, "sla", "{\"fields\": {\"name\": \"empty\"}}", &out) == ITSM_RULE_VIOLATION &&
            violates("R-6.1-sla") && out.data == NULL,
        "an SLA without service or targets refused citing R-6.1-sla; the output stays empty");
  itsm_buffer_free(&out);

  check(create(sms, carla, "ci_type", "{\"id\": \"server\", \"fields\": {", &out) == ITSM_INVALID_ARGUMENT,
        "bad JSON refused");
  itsm_buffer_free(&out);
  check(create(sms, carla, "ci_type", "{\"id\": \"server\", \"fields\": {\"colour\": \"red\"}}", &out) ==
            ITSM_INVALID_ARGUMENT && strstr(itsm_last_error()->message, "colour"),
        "an unknown field refused by name");
  itsm_buffer_free(&out);
  check(create(sms, carla, "ci_type",
               "{\"id\": \"server\", \"fields\": {\"attributes\": [{\"name\": \"cpus\", \"type\": \"integer\", "
               "\"required\": false, \"min\": 8, \"max\": 2}]}}",
               &out) == ITSM_RULE_VIOLATION && violates("R-9.1-types"),
        "a type whose constraint cannot be met refused citing R-9.1-types");
  itsm_buffer_free(&out);
  check(create(sms, carla, "ci_type",
               "{\"id\": \"server\", \"fields\": {\"description\": \"A host\", \"attributes\": [{\"name\": \"cpus\", "
               "\"type\": \"integer\", \"required\": false, \"min\": 1}], \"relationship_kinds\": [\"connects_to\"]}}",
               &out) == ITSM_OK,
        "CI type server defined from JSON");
  itsm_buffer_free(&out);
  check(create(sms, carla, "ci_type",
               "{\"id\": \"application\", \"fields\": {\"description\": \"Deployed software\", \"relationship_kinds\": [\"runs_on\"]}}", &out) == ITSM_OK,
        "CI type application defined");
  itsm_buffer_free(&out);
  check(itsm_record_get(sms, audrey, S("ci_type"), S("server"), &out) == ITSM_OK && has(&out, "\"cpus\""),
        "the type reads back with its attributes");
  itsm_buffer_free(&out);
  check(create(sms, carla, "configuration_item",
               "{\"fields\": {\"type\": \"server\", \"name\": \"db01\", \"status\": \"live\", \"attributes\": {\"cpus\": {\"t\": \"integer\", \"v\": 0}}}}",
               &out) == ITSM_RULE_VIOLATION && violates("R-9.1-types"),
        "a CI attribute below its minimum refused citing R-9.1-types");
  itsm_buffer_free(&out);
  check(create(sms, carla, "configuration_item", "{\"id\": \"CI-9\", \"fields\": {\"type\": \"server\"}}", &out) ==
            ITSM_INVALID_ARGUMENT,
        "a new CI takes no id");
  itsm_buffer_free(&out);
  check(create(sms, carla, "configuration_item",
               "{\"fields\": {\"type\": \"server\", \"name\": \"db01\", \"status\": \"live\", \"attributes\": {\"cpus\": {\"t\": \"integer\", \"v\": 16}}}}",
               &out) == ITSM_OK,
        "CI db01 created");
  key_of(&out, ci_db, sizeof ci_db);
  itsm_buffer_free(&out);
  check(create(sms, carla, "configuration_item", "{\"fields\": {\"type\": \"server\", \"name\": \" DB01 \"}}", &out) ==
            ITSM_RULE_VIOLATION && violates("R-9.1-unique"),
        "a duplicate CI name refused citing R-9.1-unique");
  itsm_buffer_free(&out);
  snprintf(doc, sizeof doc,
           "{\"fields\": {\"type\": \"application\", \"name\": \"shop\", \"status\": \"live\", \"services\": [\"%s\"]}}", svc);
  check(create(sms, carla, "configuration_item", doc, &out) == ITSM_OK, "CI shop created, part of the service");
  key_of(&out, ci_shop, sizeof ci_shop);
  itsm_buffer_free(&out);
  check(create(sms, carla, "configuration_item", "{\"fields\": {\"type\": \"server\", \"name\": \"old01\"}}", &out) ==
            ITSM_OK,
        "CI old01 created");
  key_of(&out, ci_old, sizeof ci_old);
  itsm_buffer_free(&out);

  snprintf(doc, sizeof doc, "{\"id\": \"%s\", \"revision\": 1, \"fields\": {\"version\": \"14.2\"}}", ci_db);
  itsm_buffer_free(&out);
  check(itsm_record_update(sms, carla, S("configuration_item"), doc, strlen(doc), NULL, &out) == ITSM_OK &&
            has(&out, "\"version\":\"14.2\"") && has(&out, "\"revision\":2") && has(&out, "\"cpus\":{\"t\":\"integer\",\"v\":16}"),
        "CI updated by a partial document; other fields kept");
  itsm_buffer_free(&out);
  check(itsm_record_update(sms, carla, S("configuration_item"), doc, strlen(doc), NULL, &out) == ITSM_CONFLICT,
        "a stale revision is a conflict");
  itsm_buffer_free(&out);
  snprintf(doc, sizeof doc, "{\"id\": \"%s\", \"fields\": {\"version\": \"15\"}}", ci_db);
  check(itsm_record_update(sms, carla, S("configuration_item"), doc, strlen(doc), NULL, &out) == ITSM_INVALID_ARGUMENT,
        "an update without revision refused");
  itsm_buffer_free(&out);
  check(itsm_record_update(sms, carla, S("incident"), S("{}"), NULL, &out) == ITSM_INVALID_ARGUMENT,
        "a kind that is not updated here refused");
  itsm_buffer_free(&out);
  check(itsm_ci_relate(sms, carla, ci_shop, strlen(ci_shop), S("runs_on"), ci_db, strlen(ci_db), NULL, &out) ==
            ITSM_OK && has(&out, "\"kind\":\"relationship\""),
        "shop runs on db01");
  itsm_buffer_free(&out);
  check(itsm_ci_relate(sms, carla, ci_shop, strlen(ci_shop), S("eats"), ci_db, strlen(ci_db), NULL, &out) ==
            ITSM_RULE_VIOLATION && itsm_last_error()->violation_count > 0,
        "an unknown relationship kind refused with its rule");
  itsm_buffer_free(&out);
  itsm_write_options why = {S("decommissioned"), NULL, 0};
  itsm_buffer_free(&out);
  check(itsm_ci_retire(sms, carla, ci_old, strlen(ci_old), &why, &out) == ITSM_OK && has(&out, "\"status\":\"retired\""),
        "old01 retired with a reason");
  itsm_buffer_free(&out);
  check(itsm_ci_retire(sms, dave, ci_db, strlen(ci_db), NULL, &out) == ITSM_PERMISSION_DENIED,
        "the service desk may not retire CIs");
  itsm_buffer_free(&out);
  snprintf(doc, sizeof doc, "{\"cis\": [\"%s\"]}", ci_db);
  check(itsm_impact(sms, audrey, doc, strlen(doc), &out) == ITSM_OK && has(&out, ci_shop) && has(&out, svc),
        "impact of db01 reaches shop and the webshop service");
  itsm_buffer_free(&out);
  check(itsm_impact(sms, audrey, S("[1, 2]"), &out) == ITSM_INVALID_ARGUMENT, "a scope that is not an object refused");
  itsm_buffer_free(&out);

  printf("incident\n");
  snprintf(doc, sizeof doc,
           "{\"fields\": {\"title\": \"checkout fails\", \"service\": \"%s\", \"ci\": \"%s\", \"impact\": 2, \"urgency\": 2}}",
           svc, ci_shop);
  check(create(sms, dave, "incident", doc, &out) == ITSM_OK && has(&out, "\"state\":\"recorded\""), "incident recorded");
  key_of(&out, inc, sizeof inc);
  itsm_buffer_free(&out);
  check(step(sms, dave, inc, "close", NULL, &out) == ITSM_RULE_VIOLATION && violates("R-8.1-procedure"),
        "closing a recorded incident refused citing R-8.1-procedure");
  itsm_buffer_free(&out);
  check(step(sms, dave, inc, "assign", "{\"group\": \"web\", \"assignee\": \"dave\"}", &out) == ITSM_OK &&
            has(&out, "\"assignee\":\"dave\""),
        "assigned");
  itsm_buffer_free(&out);
  check(step(sms, dave, inc, "start", NULL, &out) == ITSM_OK, "work started");
  itsm_buffer_free(&out);
  check(step(sms, dave, inc, "pend", "{\"reason\": \"customer\"}", &out) == ITSM_OK &&
            has(&out, "\"state\":\"pending\""),
        "pending on the customer");
  itsm_buffer_free(&out);
  itsm_sms_set_time(sms, S("2026-03-02T09:00:00Z"));
  check(step(sms, dave, inc, "resume", NULL, &out) == ITSM_OK, "resumed");
  itsm_buffer_free(&out);
  check(step(sms, dave, inc, "fly", NULL, &out) == ITSM_INVALID_ARGUMENT && strstr(itsm_last_error()->message, "resolve"),
        "an unknown step refused, the message lists the steps");
  itsm_buffer_free(&out);
  check(step(sms, dave, inc, "assign", "{\"group\": 7}", &out) == ITSM_INVALID_ARGUMENT, "an argument of the wrong type refused");
  itsm_buffer_free(&out);
  check(step(sms, dave, inc, "resolve", "{\"resolution\": \"restarted the pool\"}", &out) == ITSM_OK &&
            has(&out, "\"state\":\"resolved\""),
        "resolved");
  itsm_buffer_free(&out);
  check(itsm_sla_figures(sms, audrey, inc, strlen(inc), &out) == ITSM_OK && has(&out, "\"breached\":false") &&
            has(&out, "\"resolution\":{"),
        "SLA figures: met, with the resolution clock");
  itsm_buffer_free(&out);
  check(step(sms, dave, inc, "close", NULL, &out) == ITSM_OK && has(&out, "\"state\":\"closed\""), "closed");
  itsm_buffer_free(&out);
  check(itsm_export_ticket(sms, audrey, inc, strlen(inc), &out) == ITSM_OK && has(&out, "\"log\":[") &&
            has(&out, "\"sla\":{"),
        "the ticket exports with its log and SLA figures");
  itsm_buffer_free(&out);
  check(itsm_sla_figures(sms, audrey, S("CI-1"), &out) == ITSM_INVALID_ARGUMENT, "SLA figures of a CI refused");
  itsm_buffer_free(&out);
  check(itsm_record_get(sms, cleo, S("incident"), inc, strlen(inc), &out) == ITSM_NOT_FOUND,
        "a customer's user does not see the provider's internal incident");
  itsm_buffer_free(&out);

  printf("service request\n");
  snprintf(doc, sizeof doc, "{\"fields\": {\"title\": \"new login\", \"request_type\": \"access\", \"service\": \"%s\"}}", svc);
  check(create(sms, dave, "service_request", doc, &out) == ITSM_OK, "request recorded");
  key_of(&out, req, sizeof req);
  itsm_buffer_free(&out);
  check(step(sms, dave, req, "approve", NULL, &out) == ITSM_PERMISSION_DENIED && violates("R-8.1-requests"),
        "the requester may not approve it (R-8.1-requests)");
  itsm_buffer_free(&out);
  check(step(sms, irene, req, "approve", NULL, &out) == ITSM_OK, "approved by the incident manager");
  itsm_buffer_free(&out);
  check(step(sms, dave, req, "start", NULL, &out) == ITSM_OK, "fulfilment started");
  itsm_buffer_free(&out);
  check(step(sms, dave, req, "step", "{\"step\": \"account created\"}", &out) == ITSM_OK, "a fulfilment step recorded");
  itsm_buffer_free(&out);
  check(step(sms, dave, req, "fulfil", "{\"fulfilment\": \"login sent\"}", &out) == ITSM_OK &&
            has(&out, "\"state\":\"fulfilled\""),
        "fulfilled");
  itsm_buffer_free(&out);
  check(step(sms, dave, req, "close", NULL, &out) == ITSM_OK, "closed");
  itsm_buffer_free(&out);

  printf("change\n");
  snprintf(doc, sizeof doc,
           "{\"fields\": {\"title\": \"db01 firmware\", \"reason\": \"controller bug\", \"scope_cis\": [\"%s\"], "
           "\"backout_plan\": \"flash 7.1 again\"}}",
           ci_db);
  check(create(sms, rita, "rfc", doc, &out) == ITSM_OK && has(&out, "\"state\":\"draft\""), "RFC submitted");
  key_of(&out, rfc, sizeof rfc);
  itsm_buffer_free(&out);
  check(step(sms, chris, rfc, "assess", "{\"risk\": \"medium\", \"security_impact\": \"none\", \"continuity_impact\": \"none\"}",
             &out) == ITSM_OK && has(&out, ci_shop),
        "assessed; the impact reaches shop");
  itsm_buffer_free(&out);
  check(step(sms, rita, rfc, "decide", "{\"vote\": \"approve\"}", &out) == ITSM_PERMISSION_DENIED &&
            violates("R-9.2-approve"),
        "the requester's own vote denied citing R-9.2-approve");
  itsm_buffer_free(&out);
  check(step(sms, chris, rfc, "decide", "{\"vote\": \"maybe\"}", &out) == ITSM_INVALID_ARGUMENT, "a vote must be approve or reject");
  itsm_buffer_free(&out);
  check(step(sms, chris, rfc, "decide", "{\"vote\": \"approve\"}", &out) == ITSM_OK, "change manager approves");
  itsm_buffer_free(&out);
  check(step(sms, cathy, rfc, "decide", "{\"vote\": \"approve\"}", &out) == ITSM_OK, "CAB member approves");
  itsm_buffer_free(&out);
  check(step(sms, owen, rfc, "decide", "{\"vote\": \"approve\", \"comment\": \"fine\"}", &out) == ITSM_OK &&
            has(&out, "\"state\":\"approved\""),
        "service owner approves: quorum");
  itsm_buffer_free(&out);
  check(step(sms, chris, rfc, "schedule", "{\"start\": \"2026-03-10T22:00:00Z\", \"end\": \"2026-03-11T00:00:00Z\"}", &out) ==
            ITSM_OK && has(&out, "\"state\":\"scheduled\""),
        "scheduled");
  itsm_buffer_free(&out);
  check(step(sms, ivan, rfc, "build", NULL, &out) == ITSM_OK, "built");
  itsm_buffer_free(&out);
  check(step(sms, ivan, rfc, "test", NULL, &out) == ITSM_OK, "tested");
  itsm_buffer_free(&out);
  itsm_sms_set_time(sms, S("2026-03-10T22:05:00Z"));
  check(step(sms, ivan, rfc, "implement", NULL, &out) == ITSM_OK, "implementation started");
  itsm_buffer_free(&out);
  snprintf(doc, sizeof doc, "{\"id\": \"%s\", \"revision\": 2, \"fields\": {\"version\": \"fw-7.2\"}}", ci_db);
  itsm_write_options under = {S("firmware upgraded"), rfc, strlen(rfc)};
  itsm_buffer_free(&out);
  check(itsm_record_update(sms, carla, S("configuration_item"), doc, strlen(doc), &under, &out) == ITSM_OK,
        "the CI follows the change, under the RFC");
  itsm_buffer_free(&out);
  check(step(sms, ivan, rfc, "complete", "{\"successful\": true}", &out) == ITSM_OK &&
            has(&out, "\"state\":\"implemented\""),
        "implemented");
  itsm_buffer_free(&out);
  check(step(sms, chris, rfc, "close", NULL, &out) == ITSM_RULE_VIOLATION && violates("R-9.2-review"),
        "closing before the review refused citing R-9.2-review");
  itsm_buffer_free(&out);
  check(step(sms, chris, rfc, "review", "{\"pir\": \"went to plan\", \"participants\": [\"ivan\"]}", &out) == ITSM_OK,
        "post-implementation review");
  itsm_buffer_free(&out);
  check(step(sms, chris, rfc, "close", NULL, &out) == ITSM_OK && has(&out, "\"state\":\"closed\""), "RFC closed");
  itsm_buffer_free(&out);

  printf("queries\n");
  for (int i = 0; i < 2; ++i) {
    snprintf(doc, sizeof doc, "{\"fields\": {\"title\": \"printer %d jammed\"}}", i);
    check(create(sms, dave, "incident", doc, &out) == ITSM_OK, "another incident");
    itsm_buffer_free(&out);
  }
  const char* spec = "{\"order_by\": \"opened_at\", \"limit\": 2}";
  char cursor[512];
  size_t cursor_size = 0;
  char small[4];
  itsm_buffer_free(&out);
  check(itsm_query(sms, audrey, S("incident"), spec, strlen(spec), NULL, 0, &out, small, sizeof small, &cursor_size) ==
            ITSM_BUFFER_TOO_SMALL && cursor_size > sizeof small && out.data == NULL,
        "a cursor buffer too small: the size needed, no page");
  itsm_buffer_free(&out);
  check(itsm_query(sms, audrey, S("incident"), spec, strlen(spec), NULL, 0, &out, cursor, sizeof cursor, &cursor_size) ==
            ITSM_OK && cursor_size > 1 && has(&out, inc) && has(&out, cursor),
        "first page of two, with its cursor");
  itsm_buffer_free(&out);
  check(itsm_query(sms, audrey, S("incident"), spec, strlen(spec), cursor, cursor_size - 1, &out, cursor, sizeof cursor,
                   &cursor_size) == ITSM_OK &&
            has(&out, "printer 1") && !has(&out, inc) && cursor_size == 1 && cursor[0] == '\0',
        "second and last page");
  itsm_buffer_free(&out);
  uint64_t n = 0;
  check(itsm_count(sms, audrey, S("incident"), S("{\"where\": [[\"state\", \"eq\", \"recorded\"]]}"), &n) == ITSM_OK && n == 2,
        "two incidents still recorded");
  check(itsm_count(sms, audrey, S("incident"),
                   S("{\"where\": [[\"opened_at\", \"ge\", \"2026-03-10T00:00:00Z\"], [\"priority\", \"in\", [3, 4, 5]]]}"),
                   &n) == ITSM_OK && n == 2,
        "instants and lists in conditions");
  check(itsm_count(sms, cleo, S("incident"), NULL, 0, &n) == ITSM_OK && n == 0,
        "the customer's user counts none of the provider's incidents");
  check(itsm_count(sms, audrey, S("incident"), S("{\"where\": [[\"colour\", \"eq\", \"red\"]]}"), &n) == ITSM_INVALID_ARGUMENT,
        "a condition on an unknown field refused");
  check(itsm_count(sms, audrey, S("relationship"), NULL, 0, &n) == ITSM_INVALID_ARGUMENT, "a kind that is not queried refused");
  check(itsm_query(sms, audrey, S("incident"), NULL, 0, S("garbage"), &out, cursor, sizeof cursor, &cursor_size) ==
            ITSM_INVALID_ARGUMENT,
        "a forged cursor refused");
  itsm_buffer_free(&out);
  check(itsm_query(sms, audrey, S("incident"), NULL, 0, NULL, 0, &out, NULL, 0, NULL) == ITSM_INVALID_ARGUMENT,
        "NULL cursor size refused");
  itsm_buffer_free(&out);

  printf("verification and reports\n");
  itsm_buffer_free(&out);
  check(itsm_verify(sms, audrey, &out) == ITSM_OK && has(&out, "\"ok\":true"), "audit trail and records verify");
  itsm_buffer_free(&out);
  check(itsm_verify(sms, cleo, &out) == ITSM_PERMISSION_DENIED, "a customer's user may not verify");
  itsm_buffer_free(&out);
  check(itsm_service_report(sms, audrey, S("2026-03-01T00:00:00Z"), S("2026-03-10T00:00:00Z"), S("all"), S("json"), &out) ==
            ITSM_OK && has(&out, "itsm.report/1") && has(&out, "webshop"),
        "service report as JSON");
  itsm_buffer_free(&out);
  check(itsm_service_report(sms, audrey, S("2026-03-01T00:00:00Z"), S("2026-03-10T00:00:00Z"), NULL, 0, S("html"), &out) ==
            ITSM_OK && has(&out, "<html"),
        "service report as HTML");
  itsm_buffer_free(&out);
  check(itsm_service_report(sms, audrey, S("2026-03-10T00:00:00Z"), S("2026-03-01T00:00:00Z"), S("all"), S("json"), &out) ==
            ITSM_INVALID_ARGUMENT,
        "a reversed period refused");
  itsm_buffer_free(&out);
  check(itsm_service_report(sms, audrey, S("2026-03-01T00:00:00Z"), S("2026-03-10T00:00:00Z"), S("all"), S("pdf"), &out) ==
            ITSM_INVALID_ARGUMENT,
        "an unknown format refused");
  itsm_buffer_free(&out);

  printf("hostile input\n");
  hostile_input(sms, root, audrey);

  printf("reopening the file\n");
  itsm_buffer_free(&out);
  itsm_buffer_free(&out); /* freeing twice is harmless: the first free empties it */
  itsm_buffer_free(NULL);
  itsm_sms_close(sms);
  itsm_store_close(store);
  store = NULL;
  sms = NULL;
  check(itsm_store_open(uri, strlen(uri), &store) == ITSM_OK && itsm_sms_open(store, NULL, 0, &sms) == ITSM_OK,
        "the store reopens on the system clock");
  check(itsm_record_get(sms, audrey, S("configuration_item"), ci_db, strlen(ci_db), &out) == ITSM_OK &&
            has(&out, "\"version\":\"fw-7.2\""),
        "db01 kept its last version");
  itsm_buffer_free(&out);
  check(itsm_record_get(sms, audrey, S("configuration_item"), S("CI-999"), &out) == ITSM_NOT_FOUND, "CI-999 not found");
  itsm_buffer_free(&out);
  check(itsm_record_get(sms, audrey, S("configuration_item"), S("CI-x"), &out) == ITSM_INVALID_ARGUMENT,
        "a malformed key refused");
  itsm_buffer_free(&out);
  check(itsm_sms_set_time(sms, S("2030-01-01T00:00:00Z")) == ITSM_UNSUPPORTED, "the system clock cannot be set");
  check(itsm_record_get(NULL, audrey, S("rfc"), S("RFC-1"), &out) == ITSM_INVALID_ARGUMENT &&
            itsm_record_get(sms, NULL, S("rfc"), S("RFC-1"), &out) == ITSM_INVALID_ARGUMENT &&
            itsm_record_get(sms, audrey, S("rfc"), S("RFC-1"), NULL) == ITSM_INVALID_ARGUMENT,
        "NULL sms, actor or output refused");
  itsm_buffer_free(&out);

  itsm_buffer_free(&out);
  itsm_sms_close(sms);
  itsm_store_close(store);

  /* PostgreSQL by URI, when scripts/postgres.sh runs the test server (the ASan run of CI). */
  const char* pg = getenv("ITSM_TEST_POSTGRES_URI");
  if (pg && *pg) {
    printf("postgresql\n");
    snprintf(uri, sizeof uri, "%s&itsm_schema=c_day_one", pg);
    store = NULL;
    sms = NULL;
    check(itsm_store_open(uri, strlen(uri), &store) == ITSM_OK && itsm_sms_open(store, NULL, 0, &sms) == ITSM_OK &&
              itsm_count(sms, audrey, S("incident"), NULL, 0, &n) == ITSM_OK,
          "a PostgreSQL store opens by URI and answers a query");
    itsm_sms_close(sms);
    itsm_store_close(store);
  }
  itsm_actor* all[] = {root, carla, dave, irene, chris, rita, cathy, ivan, owen, audrey, cleo};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; ++i) itsm_actor_free(all[i]);
  printf("%s: %d check(s) failed\n", failures ? "FAILED" : "PASSED", failures);
  return failures ? 1 : 0;
}
