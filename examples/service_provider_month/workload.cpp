#include "workload.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace spm {

using namespace itsm;

namespace {

struct incident_template {
  const char* title;
  const char* description;
  const char* category;
  const char* ci;  // a CI name, or "laptop" / "printer" for one of those drawn at random
  const char* group;
  const char* resolution;
};

const std::vector<std::vector<incident_template>>& templates() {
  static const std::vector<std::vector<incident_template>> t{
      {  // shop
       {"Checkout page slow", "customers wait over 10 s for the payment step", "performance", "shop-checkout",
        "shop-ops", "slow query on orders table fixed with an index"},
       {"Product images not loading", "broken images on category pages", "web", "shop-frontend", "shop-ops",
        "CDN cache purged and image path corrected"},
       {"Customer cannot reset password", "reset mail link expired immediately", "access", "shop-frontend",
        "shop-ops", "token lifetime configuration restored"},
       {"Order confirmation mail missing", "orders placed but no confirmation sent", "application", "shop-checkout",
        "shop-ops", "notification worker restarted, backlog resent"},
       {"Payments declined for valid cards", "card payments fail with code 05", "payments", "payment-gateway",
        "shop-ops", "PSP confirmed fraud rule misfire, rule rolled back"}},
      {  // email
       {"Mailbox over quota", "user cannot receive mail", "email", "mailstore", "messaging",
        "quota raised and archive policy applied"},
       {"Cannot send large attachments", "attachments over 10 MB bounce", "email", "mail-gateway", "messaging",
        "size limit aligned with policy (25 MB)"},
       {"Calendar not syncing on phone", "meetings missing on mobile", "mobile", "mailstore", "messaging",
        "mobile device partnership re-created"},
       {"Shared mailbox not visible", "sales@ missing in mail client", "access", "mailstore", "messaging",
        "auto-mapping permission re-applied"}},
      {  // payroll
       {"Payslip PDF not generated", "payslip export stops with an error", "application", "payroll-app", "hr-apps",
        "PDF template cache rebuilt"},
       {"Payroll report export times out", "report export aborts after 5 minutes", "performance", "payroll-app",
        "hr-apps", "report rewritten to run per department"},
       {"Cannot log in to payroll", "login fails for HR partner", "access", "payroll-app", "hr-apps",
        "role assignment corrected"}},
      {  // workplace
       {"Laptop does not boot", "black screen after BIOS logo", "hardware", "laptop", "desk-side",
        "SSD replaced and image restored"},
       {"Laptop very slow", "applications take minutes to open", "hardware", "laptop", "desk-side",
        "disk encryption finished, startup apps trimmed"},
       {"VPN drops connection", "VPN disconnects every few minutes", "network", "vpn-gateway", "network",
        "client profile updated to the new gateway"},
       {"Printer offline", "jobs stuck in the queue", "printer", "printer", "desk-side", "print spooler restarted"},
       {"Account locked", "user locked out after password change", "access", "directory", "identity",
        "account unlocked, old credentials removed from phone"},
       {"Network drive not mapped", "H: drive missing after login", "files", "file-service", "identity",
        "logon script group membership fixed"}},
  };
  return t;
}

const std::vector<std::string>& agents(const std::string& group) {
  static const std::map<std::string, std::vector<std::string>> a{
      {"shop-ops", {"sven", "sofia"}}, {"messaging", {"mia", "max"}},      {"hr-apps", {"hanna"}},
      {"desk-side", {"dana", "sami"}}, {"network", {"nils"}},              {"identity", {"ines", "dana"}}};
  return a.at(group);
}

// An arrival instant in [from, to): uniform, but outside the service's hours only one time in
// four (people report most issues while they work).
timestamp arrival(const service_entry& s, rng& r, timestamp from, timestamp to) {
  const auto span = (to - from).total_seconds();
  for (int tries = 0;; ++tries) {
    const auto t = from + seconds(r.between(0, span - 1));
    if (s.hours.is_open(t) || tries >= 8 || r.chance(0.25)) return t;
  }
}

double factor(rng& r, double late_share) {
  return r.chance(late_share) ? r.uniform(1.05, 2.2) : r.uniform(0.05, 0.9);
}

}  // namespace

std::vector<incident_plan> plan_incidents(const world& w, int count, rng& r, timestamp from, timestamp to) {
  std::vector<incident_plan> out;
  const std::vector<double> service_weights{0.2, 0.25, 0.1, 0.45};
  for (int n = 0; n < count; ++n) {
    incident_plan p;
    p.service = r.weighted(service_weights);
    const auto& s = w.service(p.service);
    const auto& t = r.pick(templates()[p.service]);
    p.opened = arrival(s, r, from, to);
    p.title = t.title;
    p.description = t.description;
    p.category = t.category;
    p.ci = t.ci;
    if (p.ci == "laptop") p.ci = r.pick(w.laptops);
    if (p.ci == "printer") p.ci = r.pick(w.printers);
    p.caller = fmt::format("user{:04}", r.between(1, 400));
    p.impact = r.chance(0.3) ? 2 : 3;  // background incidents never take a whole service down
    p.urgency = static_cast<int>(1 + r.weighted({0.12, 0.5, 0.38}));
    p.group = t.group;
    p.assignee = r.pick(agents(p.group));
    p.resolution = t.resolution;
    p.response_factor = factor(r, 0.08);
    p.work_factor = factor(r, 0.08);
    const double w8 = r.uniform();
    if (w8 < 0.15) {
      p.wait_reason = "customer";
      p.wait = hours(r.between(2, 72));
    } else if (w8 < 0.19) {
      p.wait_reason = "supplier";
      p.wait = hours(r.between(1, 10));
    }
    p.reopen = r.chance(0.05);
    p.reopen_after = hours(r.between(2, 30));
    p.close_after = hours(r.between(4, 72));
    out.push_back(std::move(p));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.opened < b.opened; });
  return out;
}

std::vector<request_plan> plan_requests(const world& w, int count, rng& r, timestamp from, timestamp to) {
  struct tmpl {
    std::size_t service;
    const char* type;
    const char* title;
    std::vector<std::string> steps;
    const char* fulfilment;
    const char* model;
  };
  static const std::vector<tmpl> kinds{
      {workplace, "access", "Access to the Finance share", {"owner approval checked", "group membership added"},
       "access granted", ""},
      {workplace, "software", "Install Visio", {"licence assigned", "package deployed"}, "installed and licensed", ""},
      {workplace, "hardware", "Laptop for a new joiner", {"laptop ordered", "image installed", "handed over"},
       "laptop handed over", ""},
      {workplace, "information", "How to set up MFA on a new phone", {"guide sent"}, "explained by phone", ""},
      {workplace, "standard_change", "Add user to the VPN group", {"group membership added"}, "user added",
       "add-user-to-group"},
      {email, "access", "Access to the sales@ shared mailbox", {"owner approval checked", "permission added"},
       "access granted", ""},
      {email, "information", "Out-of-office for a leaver", {"rule configured"}, "auto-reply set for 3 months", ""},
      {payroll, "access", "Payroll report access for an HR partner", {"HR lead approved", "role assigned"},
       "role assigned", ""},
      {payroll, "information", "Explain a payslip deduction code", {"answer drafted"}, "explained by mail", ""},
      {shop, "information", "Export of last month's orders", {"export generated"}, "CSV sent to requester", ""},
  };
  const std::vector<double> weights{0.16, 0.12, 0.08, 0.1, 0.12, 0.1, 0.06, 0.06, 0.05, 0.05};
  std::vector<request_plan> out;
  for (int n = 0; n < count; ++n) {
    const auto& k = kinds[r.weighted(weights)];
    request_plan p;
    p.service = k.service;
    p.opened = arrival(w.service(k.service), r, from, to);
    p.type = k.type;
    p.title = k.title;
    p.standard_change = k.model;
    p.requested_by = fmt::format("user{:04}", r.between(1, 400));
    p.priority = r.chance(0.2) ? 4 : 3;
    p.steps = k.steps;
    p.fulfilment = k.fulfilment;
    p.response_factor = factor(r, 0.06);
    p.work_factor = factor(r, 0.07);
    p.wait_customer = r.chance(0.12);
    p.wait = hours(r.between(3, 60));
    p.cancel = r.chance(0.03);
    p.close_after = hours(r.between(2, 48));
    out.push_back(std::move(p));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.opened < b.opened; });
  return out;
}

}  // namespace spm
