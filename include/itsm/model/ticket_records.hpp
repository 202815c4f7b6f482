// What extends a ticket (incident or service request) besides its own fields: comments and work
// notes, attachment references and the assignment groups tickets are routed to
// (R-8.1-procedure, R-8.1-requests). Comments are never edited: a correction is a new comment
// naming the one it corrects. Links between tickets are model::link records (docs/tickets.md).
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm::model {

// internal: a work note for the provider's staff; customer: visible to the customer's users too.
enum class comment_visibility { internal, customer };
template <> struct enum_names<comment_visibility> {
  static constexpr std::array values{std::string_view("internal"), std::string_view("customer")};
};

struct ITSM_API ticket_comment {
  comment_id id{};
  std::int64_t revision = 0;
  std::string ticket{};             // "INC-4", "REQ-2"
  std::string author{};             // the actor who wrote it
  timestamp at{};                   // when it was written (the original instant when imported)
  comment_visibility visibility = comment_visibility::internal;  // Default: internal
  std::string text{};
  comment_id corrects{};            // the comment this one corrects; invalid = none
  customer_id customer{};           // the ticket's customer (scopes who sees it)

  static const kind_def<ticket_comment>& def();
  std::vector<violation> check() const;
};

// A reference to a file kept in the product's blob store: the bytes never enter itsm.
struct ITSM_API ticket_attachment {
  attachment_id id{};
  std::int64_t revision = 0;
  std::string ticket{};
  std::string name{};               // "screenshot.png"
  std::string media_type{};         // "image/png" (type/subtype)
  std::int64_t size = 0;            // bytes, >= 0
  std::string sha256{};             // 64 lowercase hex digits
  std::string uri{};                // where the product keeps it ("s3://…", "https://…")
  std::string added_by{};
  timestamp added_at{};
  customer_id customer{};           // the ticket's customer

  static const kind_def<ticket_attachment>& def();
  std::vector<violation> check() const;
};

// A team tickets are assigned to. Key: its name ("network").
struct ITSM_API assignment_group {
  std::string name{};
  std::int64_t revision = 0;
  std::string description{};
  std::vector<std::string> members{};  // actor names
  std::string manager{};               // "" = none

  static const kind_def<assignment_group>& def();
  std::vector<violation> check() const;
};

}  // namespace itsm::model
