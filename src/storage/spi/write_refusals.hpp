// Internals shared by the SQL adapters (not installed): the SPI's answers (backend.hpp) when a
// conditional UPDATE or DELETE touched no row, and the input check before a put.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "itsm/storage/schema.hpp"

namespace itsm::detail {

// storage::check_record, and invalid_argument for a NaN (`why`: what the store would do with it).
void check_storable(const storage::schema& s, const storage::record& r, std::string_view why);

// A put expecting revision `expected` found `stored` (nullopt: no record): conflict.
[[noreturn]] void refuse_update(std::string_view kind, std::string_view id, std::optional<std::int64_t> stored,
                                std::int64_t expected);

// An erase expecting revision `expected` found `stored`: not_found (no record) or conflict.
[[noreturn]] void refuse_erase(std::string_view kind, std::string_view id, std::optional<std::int64_t> stored,
                               std::int64_t expected);

}  // namespace itsm::detail
