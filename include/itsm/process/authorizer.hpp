// The authorization hook (step 3 of the write path, R-9.1-access) and the default role-based
// policy. The library asks the authorizer before every write; separation-of-duties rules are
// enforced by the processes themselves whatever the authorizer answers.
// Thread-safety: authorize() may be called from several threads at once; role_policy is
// immutable after construction and safe.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "itsm/core/actor.hpp"
#include "itsm/core/export.hpp"
#include "itsm/storage/schema.hpp"

namespace itsm {

// What the authorizer is asked: may `who` do `action` on the record `object_id` of `kind`?
// Reads ask twice: once for the kind ("read", kind, object_id "") before anything is loaded,
// then for each record with its customer and stored form, to decide what the caller sees.
struct ITSM_API access_request {
  const actor& who;
  std::string_view action;     // "read", "create", "update", "retire", "transition:resolve", …
  std::string_view kind;       // record kind, e.g. "configuration_item"
  std::string_view object_id;  // "" when creating, and for a read's kind-level question
  std::string_view detail;     // extra context, e.g. the CI type or the target state
  std::string_view customer = {};             // the customer the record belongs to ("CUS-3"), "" = none
  const storage::record* record = nullptr;    // the stored record when one is read or changed
};

struct ITSM_API decision {
  bool allowed = false;
  std::string reason;  // why (audited when denied)
  static decision allow() { return {true, {}}; }
  static decision deny(std::string why) { return {false, std::move(why)}; }
};

// Which records of a kind a caller may read, in a form the store can apply itself, so that
// queries page and count inside the store (process/query.hpp). Given only when it is exactly
// what authorize() answers for each record once the kind-level read is allowed.
struct ITSM_API read_scope {
  enum class basis {
    every_record,  // all records of the kind
    customer,      // records of `customer`, and those of no customer when `shared_too`
    per_record,    // no shortcut: authorize() is asked about each record
  };
  basis on = basis::per_record;
  std::string customer;     // for basis::customer ("CUS-3")
  bool shared_too = false;  // for basis::customer

  static read_scope every_record() { return {basis::every_record, {}, false}; }
  static read_scope of_customer(std::string c, bool shared) { return {basis::customer, std::move(c), shared}; }
  static read_scope per_record() { return {}; }
};

class ITSM_API authorizer {
 public:
  virtual ~authorizer() = default;
  virtual decision authorize(const access_request& request) const = 0;
  // The read scope of `who` on `kind` (see read_scope). Default: per_record, which is always
  // correct; an authorizer overrides it to let queries of large tables stay fast.
  virtual read_scope scope_of_reads(const actor& who, std::string_view kind) const;
};

// Grants (kind, action) to roles. "*" as kind or action matches any; a grant to the role "*" is
// a grant to every actor. The admin role may do everything. Anything not granted is denied.
// Customer scope, before any grant: an actor with a customer is denied every record of another
// customer, and every record of no customer except the shared catalogue (services, SLAs); only
// kind-level questions (object_id "") pass without a customer.
class ITSM_API role_policy final : public authorizer {
 public:
  role_policy& grant(std::string role, std::string kind, std::string action = "*");
  decision authorize(const access_request& request) const override;
  // Every record for staff; a customer's user: its customer's records (and, for services and
  // SLAs, the shared catalogue).
  read_scope scope_of_reads(const actor& who, std::string_view kind) const override;

  // The policy itsm uses when the product supplies none: configuration managers write the CMDB,
  // the service desk and incident managers work incidents and requests, problem managers work
  // problems and known errors (and submit RFCs), change managers and CAB members work RFCs
  // (emergency_cab and service_owner roles vote on them), release managers
  // releases, service level managers services and SLAs; everyone reads the stored policies;
  // admin everything (and alone changes policies).
  static role_policy defaults();

 private:
  std::set<std::pair<std::string, std::string>> grants_for(std::string_view role) const;
  std::map<std::string, std::set<std::pair<std::string, std::string>>, std::less<>> grants_;
};

// Allows everything: for tests and tools that do their own checks. Not for production.
class ITSM_API allow_all final : public authorizer {
 public:
  decision authorize(const access_request&) const override { return decision::allow(); }
  read_scope scope_of_reads(const actor&, std::string_view) const override { return read_scope::every_record(); }
};

}  // namespace itsm
