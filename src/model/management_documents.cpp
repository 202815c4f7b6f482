#include "itsm/model/management_documents.hpp"

#include <algorithm>
#include <cctype>

namespace itsm::model {

const kind_def<sms_plan>& sms_plan::def() {
  static const auto k = kind_def<sms_plan>("sms_plan", 1, &sms_plan::id)
                            .field("version", &sms_plan::version)
                            .field("scope", &sms_plan::scope)
                            .field("services", &sms_plan::services)
                            .field("objectives", &sms_plan::objectives)
                            .field("responsibilities", &sms_plan::responsibilities)
                            .field("review_due", &sms_plan::review_due)
                            .field("state", &sms_plan::state)
                            .field("author", &sms_plan::author)
                            .field("approved_by", &sms_plan::approved_by)
                            .field("approved_at", &sms_plan::approved_at)
                            .index("by_state", {"state"});
  return k;
}

std::vector<violation> sms_plan::check() const {
  std::vector<violation> v;
  const char* rule = "R-4.5-scope-plan";
  if (scope.empty()) v.push_back({rule, "the service management plan needs the SMS scope"});
  if (objectives.empty()) v.push_back({rule, "the service management plan needs at least one objective"});
  if (responsibilities.empty()) v.push_back({rule, "the service management plan needs its responsibilities"});
  if (review_due.is_special()) v.push_back({rule, "the service management plan needs a review date"});
  return v;
}

const kind_def<controlled_document>& controlled_document::def() {
  static const auto k = kind_def<controlled_document>("controlled_document", 1, &controlled_document::id)
                            .field("name", &controlled_document::name)
                            .field("type", &controlled_document::type)
                            .field("version", &controlled_document::version)
                            .field("location", &controlled_document::location)
                            .field("issuer", &controlled_document::issuer)
                            .field("checksum", &controlled_document::checksum)
                            .field("distribution", &controlled_document::distribution)
                            .field("releases", &controlled_document::releases)
                            .field("review_due", &controlled_document::review_due)
                            .field("state", &controlled_document::state)
                            .field("author", &controlled_document::author)
                            .field("approved_by", &controlled_document::approved_by)
                            .field("approved_at", &controlled_document::approved_at)
                            .index("by_name", {"name"})
                            .index("by_state", {"state"});
  return k;
}

namespace {
bool is_sha256(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](unsigned char c) {
           return std::isdigit(c) || (c >= 'a' && c <= 'f');
         });
}
}  // namespace

std::vector<violation> controlled_document::check() const {
  std::vector<violation> v;
  const char* rule = "R-4.3-documents";
  const std::string what = "document '" + name + "'";
  if (name.empty()) v.push_back({rule, "a controlled document needs a name (its identity)"});
  if (location.empty()) v.push_back({rule, what + " needs the location of its master copy"});
  if (review_due.is_special()) v.push_back({rule, what + " needs a review date"});
  if (distribution.empty()) v.push_back({rule, what + " needs a distribution (who it is communicated to)"});
  if (type == document_type::external && issuer.empty())
    v.push_back({rule, what + " is external and needs its issuer"});
  if (type == document_type::media && !is_sha256(checksum))
    v.push_back({"R-9.1-library", what + " is a master copy and needs its SHA-256 checksum (64 lowercase hex digits)"});
  if (!checksum.empty() && !is_sha256(checksum))
    v.push_back({rule, what + ": checksum '" + checksum + "' is not a SHA-256 in lowercase hex"});
  return v;
}

}  // namespace itsm::model
