#include "itsm/process/sms.hpp"

#include <set>

#include "itsm/model/availability.hpp"
#include "itsm/model/change.hpp"
#include "itsm/model/change_records.hpp"
#include "itsm/model/ci_type.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/competence.hpp"
#include "itsm/model/continuity.hpp"
#include "itsm/model/security.hpp"
#include "itsm/model/capacity.hpp"
#include "itsm/model/finance.hpp"
#include "itsm/model/customer.hpp"
#include "itsm/model/improvement.hpp"
#include "itsm/model/customer_care.hpp"
#include "itsm/model/dispute.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/model/internal_audit.hpp"
#include "itsm/model/link.hpp"
#include "itsm/model/management_documents.hpp"
#include "itsm/model/retention.hpp"
#include "itsm/model/problem.hpp"
#include "itsm/model/reconciliation.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/model/relations.hpp"
#include "itsm/model/report_definition.hpp"
#include "itsm/model/satisfaction.hpp"
#include "itsm/model/service.hpp"
#include "itsm/model/service_design.hpp"
#include "itsm/model/ticket_records.hpp"
#include "detail/records.hpp"
#include "itsm/process/ticket_log.hpp"
#include "itsm/storage/registry.hpp"
#include "detail/context.hpp"
#include "detail/write_scope.hpp"
#include "live_graph.hpp"
#include "outbox.hpp"
#include "policy_store.hpp"

namespace itsm {

namespace detail {
void seed_policies(const context& ctx, const policy_set& seed);  // policies.cpp
}

namespace {
// Every kind the library stores. Adding a kind: its model header, its def(), and one line here.
std::vector<storage::schema> all_schemas() {
  return {detail::sequence_schema(),
          detail::outbox_schema(),
          detail::outbox_cursor_schema(),
          detail::schema_of<model::ci_type>(),
          detail::schema_of<model::configuration_item>(),
          detail::schema_of<model::relationship>(),
          detail::schema_of<model::link>(),
          detail::schema_of<model::service>(),
          detail::schema_of<model::sla>(),
          detail::schema_of<model::sla_version>(),
          detail::schema_of<model::incident>(),
          detail::schema_of<model::service_request>(),
          detail::schema_of<model::problem>(),
          detail::schema_of<model::known_error>(),
          detail::schema_of<ticket_event>(),
          detail::schema_of<post_incident_review>(),
          detail::schema_of<model::rfc>(),
          detail::schema_of<model::release>(),
          detail::schema_of<model::baseline>(),
          detail::schema_of<model::approval>(),
          detail::schema_of<model::investigation>(),
          detail::schema_of<model::acceptance_test>(),
          detail::schema_of<detail::stored_policy>(),
          detail::schema_of<model::customer>(),
          detail::schema_of<model::report_definition>(),
          detail::schema_of<model::requirement_exclusion>(),
          detail::schema_of<model::reconciliation_item>(),
          detail::schema_of<model::sms_plan>(),
          detail::schema_of<model::controlled_document>(),
          detail::schema_of<model::internal_audit>(),
          detail::schema_of<model::nonconformity>(),
          detail::schema_of<model::improvement>(),
          detail::schema_of<model::management_review>(),
          detail::schema_of<model::ticket_comment>(),
          detail::schema_of<model::ticket_attachment>(),
          detail::schema_of<model::assignment_group>(),
          detail::schema_of<model::customer_relationship>(),
          detail::schema_of<model::party>(),
          detail::schema_of<model::agreement>(),
          detail::schema_of<model::process_operator>(),
          detail::schema_of<model::service_review>(),
          detail::schema_of<model::complaint_definition>(),
          detail::schema_of<model::complaint>(),
          detail::schema_of<model::availability_requirement>(),
          detail::schema_of<model::outage>(),
          detail::schema_of<model::continuity_plan>(),
          detail::schema_of<model::plan_test>(),
          detail::schema_of<model::survey_rule>(),
          detail::schema_of<model::survey>(),
          detail::schema_of<model::survey_response>(),
          detail::schema_of<model::dispute_procedure>(),
          detail::schema_of<model::dispute>(),
          detail::schema_of<model::service_transition>(),
          detail::schema_of<model::training_record>(),
          detail::schema_of<model::competence>(),
          detail::schema_of<model::competence_requirement>(),
          detail::schema_of<model::security_policy>(),
          detail::schema_of<model::security_risk>(),
          detail::schema_of<model::security_control>(),
          detail::schema_of<model::external_access>(),
          detail::schema_of<model::capacity_metric>(),
          detail::schema_of<model::capacity_measurement>(),
          detail::schema_of<model::capacity_plan>(),
          detail::schema_of<model::retention_rule>(),
          detail::schema_of<model::legal_hold>(),
          detail::schema_of<model::disposal>(),
          detail::schema_of<model::cost_item>(),
          detail::schema_of<model::budget>(),
          detail::schema_of<model::finance_policy>(),
          detail::schema_of<model::apportionment_policy>()};
}
}  // namespace

sms::sms(std::shared_ptr<storage::backend> store, sms_options options) {
  if (!store) throw_error(errc::invalid_argument, "sms needs a storage backend");
  auto ctx = std::make_shared<detail::context>();
  ctx->store = std::move(store);
  ctx->clk = options.time_source ? options.time_source : std::make_shared<system_clock>();
  ctx->auth = options.access ? options.access
                             : std::make_shared<role_policy>(role_policy::defaults());
  ctx->events = std::make_shared<detail::outbox>(options.events);
  auto policies = std::make_shared<const detail::policy_store>();
  ctx->policies = policies;
  ctx->cmdb = std::make_shared<detail::live_graph>();
  for (auto& s : all_schemas()) {
    ctx->store->register_schema(s);
    ctx->schemas.emplace(s.kind, std::move(s));
  }
  policy_set seed{std::move(options.tickets), std::move(options.changes), std::move(options.releases),
                  options.relationship_kinds.empty() ? model::default_relationship_kinds()
                                                     : std::move(options.relationship_kinds)};
  detail::seed_policies(*ctx, seed);
  ctx->events->deliver(*ctx->store, ctx->clk->now(), false);  // what a crash left undelivered
  ctx_ = ctx;
  configuration_ = std::unique_ptr<configuration_management>(new configuration_management(ctx_));
  service_level_ = std::unique_ptr<service_level_management>(new service_level_management(ctx_));
  incidents_ = std::unique_ptr<incident_management>(new incident_management(ctx_));
  problems_ = std::unique_ptr<problem_management>(new problem_management(ctx_));
  requests_ = std::unique_ptr<request_management>(new request_management(ctx_));
  changes_ = std::unique_ptr<change_management>(new change_management(ctx_));
  releases_ = std::unique_ptr<release_management>(new release_management(ctx_, *configuration_));
  policies_ = std::unique_ptr<policy_management>(new policy_management(ctx_));
  tickets_ = std::unique_ptr<ticket_management>(new ticket_management(ctx_));
  queries_ = std::make_unique<query_service>(ctx_);
  reports_ = std::unique_ptr<report_management>(new report_management(ctx_));
  management_ = std::unique_ptr<management_system>(new management_system(ctx_));
  relationships_ = std::unique_ptr<relationship_management>(new relationship_management(ctx_, *configuration_));
  assurance_ = std::unique_ptr<assurance_management>(new assurance_management(ctx_, *configuration_));
  continuity_ = std::unique_ptr<continuity_management>(new continuity_management(ctx_, *configuration_));
  satisfaction_ = std::unique_ptr<satisfaction_management>(new satisfaction_management(ctx_));
  disputes_ = std::unique_ptr<dispute_management>(new dispute_management(ctx_));
  design_ = std::unique_ptr<service_design_management>(new service_design_management(ctx_));
  competence_ = std::unique_ptr<competence_management>(new competence_management(ctx_));
  security_ = std::unique_ptr<security_management>(new security_management(ctx_));
  capacity_ = std::unique_ptr<capacity_management>(new capacity_management(ctx_, *incidents_));
  records_ = std::unique_ptr<records_management>(new records_management(ctx_));
  finance_ = std::unique_ptr<finance_management>(new finance_management(ctx_, *configuration_));
}

sms sms::open(std::string_view uri, sms_options options) {
  return sms(std::shared_ptr<storage::backend>(storage::open(uri)), std::move(options));
}

audit::verify_result sms::verify_audit(const std::optional<audit::checkpoint>& cp) const {
  return audit::verify(*ctx_->store, cp);
}

storage::backend& sms::unaudited_store() noexcept { return *ctx_->store; }
const clock& sms::time_source() const noexcept { return *ctx_->clk; }

audit::checkpoint sms::checkpoint() const { return audit::make_checkpoint(*ctx_->store); }

audit::record_verification sms::verify_records() const {
  audit::record_verify_options o;
  o.sequence_kind = detail::sequence_kind;
  o.delivery_kinds = {detail::outbox_kind, detail::outbox_cursor_kind};
  // Redacted audit entries are legitimate only for records a disposal removed (R-4.3-records);
  // the disposal rows are themselves verified against the trail in the same pass.
  std::set<std::pair<std::string, std::string>, std::less<>> disposed;
  {
    auto tx = ctx_->store->begin(storage::tx_mode::read_only);
    for (const auto& d : detail::load_all<model::disposal>(*tx, {})) disposed.emplace(d.kind, d.object_id);
  }
  o.disposed = [&disposed](std::string_view kind, std::string_view id) {
    return disposed.contains(std::pair<std::string, std::string>(kind, id));
  };
  return audit::verify_records(*ctx_->store, o);
}

delivery_status sms::deliver_events(const actor& who) {
  detail::authorize_action(*ctx_, who, "deliver", "event", "");
  const auto s = ctx_->events->deliver(*ctx_->store, ctx_->clk->now(), true);
  return {s.delivered, s.pending, s.failures, s.last_error, s.retry_at};
}

sms::verification sms::verify(const std::optional<audit::checkpoint>& cp) const {
  return {verify_audit(cp), verify_records()};
}

sms::verification sms::verify(const actor& who, const std::optional<audit::checkpoint>& cp) const {
  detail::authorize_action(*ctx_, who, "read", "audit", "", "verify");
  return verify(cp);
}

}  // namespace itsm
