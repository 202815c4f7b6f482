// A third storage adapter, as small as the SPI allows: every commit appends one framed batch
// of operations to a log file; opening the file replays it into in-memory maps.
// Thread-safety: the contract of itsm/storage/backend.hpp (one writer at a time, readers
// alongside; read_only transactions see the latest commits, not a snapshot). One process only.
#pragma once

#include <memory>
#include <string>

#include "itsm/storage/backend.hpp"

namespace custom_storage {

// Opens (or creates) the log at `path`. A batch torn by a crash at the end of the file is
// dropped. Errors: itsm::errc::corrupt (a complete batch that does not decode),
// itsm::errc::unavailable (the file cannot be opened).
std::unique_ptr<itsm::storage::backend> open_log_backend(const std::string& path);

}  // namespace custom_storage
