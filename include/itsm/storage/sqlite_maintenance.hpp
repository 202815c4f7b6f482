// Operating a SQLite store (docs/operations.md): WAL checkpoints on demand, an online backup
// that writers keep running through, VACUUM and PRAGMA integrity_check. Each function takes a
// backend made by make_sqlite_backend() or open("sqlite:…") — from an sms, its
// unaudited_store(): none of them changes a record, so none writes an audit entry.
// Errors: invalid_argument when `store` is not a SQLite backend; SQLite failures become
// itsm::error (unavailable, corrupt) naming the operation.
// Thread-safety: callable from any thread while other threads use the backend.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::storage {

// What a checkpoint may wait for (SQLite's modes, sqlite3_wal_checkpoint_v2).
enum class wal_checkpoint_mode {
  passive,   // copies what it can without waiting for anyone
  full,      // waits (busy timeout) for the writer, then copies up to the oldest reader
  restart,   // as full, then waits for readers so the next writer starts the WAL over
  truncate,  // as restart, then truncates the WAL file to zero bytes
};

struct ITSM_API wal_checkpoint_result {
  std::int64_t wal_frames = 0;    // frames in the WAL when the checkpoint ended
  std::int64_t copied_frames = 0; // of those, the frames now in the database file
  bool complete = false;          // every frame copied (a reader's snapshot or a writer stopped
                                  // it short otherwise; nothing is lost, the WAL stays)
  std::uintmax_t wal_bytes = 0;   // size of the "-wal" file afterwards
};

// Runs a checkpoint now. A reader or writer that keeps a restart/truncate from finishing is not
// an error: the result says complete=false. Errors: unavailable (I/O).
ITSM_API wal_checkpoint_result sqlite_checkpoint(backend& store,
                                                wal_checkpoint_mode mode = wal_checkpoint_mode::passive);

struct ITSM_API sqlite_backup_options {
  bool overwrite = false;     // Default: false. Replace an existing file at the target path.
  int pages_per_step = 256;   // Default: 256. Pages copied between two progress calls.
  // Called after each step with the pages copied so far and the total; return false to cancel
  // (errc::unavailable, the target untouched). Default: none.
  std::function<bool(std::int64_t copied, std::int64_t total)> progress;
};

struct ITSM_API sqlite_backup_result {
  std::int64_t pages = 0;      // pages copied
  std::uintmax_t bytes = 0;    // size of the copy
  std::int64_t audit_seq = 0;  // the last audit entry in the copy (0 = none): its state
};

// Copies the store to a new file at `path`, consistent as of the moment the backup starts (one
// read snapshot, held to the end), while writers keep committing: in WAL mode readers never block
// them. The copy is written beside the target and renamed into place once complete, so `path`
// holds either its old content or the whole copy. A checkpoint cannot pass the backup's snapshot
// while it runs (the WAL grows meanwhile).
// The copy is readable by its owner only (mode 0600).
// Errors: already_exists (path exists and !overwrite); invalid_argument (empty path, the store's
// own file, a directory); unavailable (a non-empty "-wal" or "-journal" beside the target — a
// store may be open there, and its WAL would replay over the copy —, cannot write there, I/O,
// cancelled). On error the target is unchanged and no temporary file is left.
ITSM_API sqlite_backup_result sqlite_backup(backend& store, const std::string& path,
                                            const sqlite_backup_options& options = {});

struct ITSM_API sqlite_vacuum_result {
  std::int64_t pages_before = 0;
  std::int64_t pages_after = 0;
};

// Rebuilds the file without its free pages (VACUUM), as the one writer of this backend (waits
// for it like begin(read_write)), then checkpoints so the main file shrinks when no reader holds
// an older snapshot. Needs free disk space about twice the store's size.
// Errors: unavailable (another writer past the busy timeout, I/O, disk full: nothing changed).
ITSM_API sqlite_vacuum_result sqlite_vacuum(backend& store);

// PRAGMA integrity_check: the problems SQLite finds in the file (empty = none). Reads one
// snapshot; writers keep running.
ITSM_API std::vector<std::string> sqlite_integrity_check(backend& store);

}  // namespace itsm::storage
