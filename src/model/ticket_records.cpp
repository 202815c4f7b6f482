// Kind definitions and invariants of comments, attachment references and assignment groups.
#include <algorithm>
#include <cctype>

#include "itsm/model/ticket_records.hpp"

namespace itsm::model {

namespace {
// The rule a ticket's extension cites: the request procedure for requests, else incidents'.
const char* rule_of(const std::string& ticket) {
  return ticket.rfind("REQ-", 0) == 0 ? "R-8.1-requests" : "R-8.1-procedure";
}

bool is_media_type(const std::string& s) {  // type "/" subtype, token characters only
  const auto slash = s.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == s.size() || s.size() > 255) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("/!#$&^_.+-").find(c) != std::string_view::npos;
  }) && std::count(s.begin(), s.end(), '/') == 1;
}

bool is_sha256_hex(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool has_scheme(const std::string& uri) {  // "scheme:rest", scheme = letter *(letter/digit/+-.)
  const auto colon = uri.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == uri.size()) return false;
  if (!std::isalpha(static_cast<unsigned char>(uri[0]))) return false;
  return std::all_of(uri.begin(), uri.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
  }) && uri.find_first_of(" \t\r\n") == std::string::npos;
}
}  // namespace

const kind_def<ticket_comment>& ticket_comment::def() {
  static const auto k = kind_def<ticket_comment>("ticket_comment", 1, &ticket_comment::id)
                            .field("ticket", &ticket_comment::ticket)
                            .field("author", &ticket_comment::author)
                            .field("at", &ticket_comment::at)
                            .field("visibility", &ticket_comment::visibility)
                            .field("text", &ticket_comment::text)
                            .field("corrects", &ticket_comment::corrects)
                            .field("customer", &ticket_comment::customer)
                            .index("by_ticket", {"ticket", "at"});
  return k;
}

std::vector<violation> ticket_comment::check() const {
  std::vector<violation> v;
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    v.push_back({rule_of(ticket), "a comment has text"});
  if (author.empty()) v.push_back({rule_of(ticket), "a comment names its author"});
  return v;
}

const kind_def<ticket_attachment>& ticket_attachment::def() {
  static const auto k = kind_def<ticket_attachment>("ticket_attachment", 1, &ticket_attachment::id)
                            .field("ticket", &ticket_attachment::ticket)
                            .field("name", &ticket_attachment::name)
                            .field("media_type", &ticket_attachment::media_type)
                            .field("size", &ticket_attachment::size)
                            .field("sha256", &ticket_attachment::sha256)
                            .field("uri", &ticket_attachment::uri)
                            .field("added_by", &ticket_attachment::added_by)
                            .field("added_at", &ticket_attachment::added_at)
                            .field("customer", &ticket_attachment::customer)
                            .index("by_ticket", {"ticket", "added_at"});
  return k;
}

std::vector<violation> ticket_attachment::check() const {
  std::vector<violation> v;
  const char* rule = rule_of(ticket);
  if (name.find_first_not_of(" \t\r\n") == std::string::npos || name.size() > 255)
    v.push_back({rule, "an attachment has a name of 1-255 characters"});
  if (!is_media_type(media_type))
    v.push_back({rule, "attachment media type '" + media_type + "' is not of the form type/subtype"});
  if (size < 0) v.push_back({rule, "attachment size must not be negative"});
  if (!is_sha256_hex(sha256))
    v.push_back({rule, "attachment sha256 must be 64 lowercase hex digits, got '" + sha256 + "'"});
  if (!has_scheme(uri)) v.push_back({rule, "attachment uri '" + uri + "' is not an absolute URI (scheme:…)"});
  return v;
}

const kind_def<assignment_group>& assignment_group::def() {
  static const auto k = kind_def<assignment_group>("assignment_group", 1, &assignment_group::name)
                            .field("description", &assignment_group::description)
                            .field("members", &assignment_group::members)
                            .field("manager", &assignment_group::manager);
  return k;
}

std::vector<violation> assignment_group::check() const {
  std::vector<violation> v;
  if (name.find_first_not_of(" \t\r\n") == std::string::npos || name.size() > 63)
    v.push_back({"R-8.1-procedure", "an assignment group has a name of 1-63 characters"});
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i].empty()) v.push_back({"R-8.1-procedure", "a group member has a name"});
    if (std::find(members.begin(), members.begin() + static_cast<std::ptrdiff_t>(i), members[i]) !=
        members.begin() + static_cast<std::ptrdiff_t>(i))
      v.push_back({"R-8.1-procedure", "member '" + members[i] + "' is listed twice"});
  }
  if (!manager.empty() && std::find(members.begin(), members.end(), manager) == members.end())
    v.push_back({"R-8.1-procedure", "the group's manager '" + manager + "' is one of its members"});
  return v;
}

}  // namespace itsm::model
