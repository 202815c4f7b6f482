// Opens a backend from a URI: "memory:" always; other schemes once their adapter registered
// itself (e.g. itsm::storage::register_sqlite() from <itsm/storage/sqlite.hpp> adds "sqlite:").
// Thread-safety: register_scheme and open may be called from any thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::storage {

// Receives the part of the URI after "scheme:".
using backend_factory = std::function<std::unique_ptr<backend>(std::string_view rest)>;

// Adds or replaces the factory for `scheme` (lower case letters, digits, '+', '-', '.').
ITSM_API void register_scheme(std::string scheme, backend_factory factory);

// Schemes that open() accepts now.
ITSM_API std::vector<std::string> registered_schemes();

// Errors: invalid_argument (no "scheme:" prefix); unsupported (scheme not registered; the
// message says which target to link); whatever the adapter's factory throws.
ITSM_API std::unique_ptr<backend> open(std::string_view uri);

}  // namespace itsm::storage
