// The SQLite backend: opening files, schema registration and migration, beginning transactions,
// and the "sqlite:" URI scheme.
#include <fmt/format.h>
#include <stdlib.h>  // mkdtemp

#include <charconv>
#include <cstdint>
#include <filesystem>

#include "detail.hpp"
#include "fts_sql.hpp"
#include "itsm/storage/registry.hpp"

namespace itsm::storage {

namespace {

using namespace itsm::detail::sqlite;
using itsm::detail::plan_upgrade;
using clock_type = std::chrono::steady_clock;

class sqlite_backend final : public backend {
 public:
  explicit sqlite_backend(std::shared_ptr<shared_state> st) : st_(std::move(st)) {}

  capabilities caps() const noexcept override {
    const bool file = st_->temp_dir.empty();
    return capabilities{.durable = file, .multi_process = file, .snapshot_reads = true, .paged_queries = true,
                        .text_search = true};
  }

  std::string uri() const override { return st_->uri; }
  const std::shared_ptr<shared_state>& state() const noexcept { return st_; }

  void register_schema(const schema& s) override {
    s.validate();
    if (s.kind.rfind("sqlite_", 0) == 0)
      throw_error(errc::unsupported, fmt::format("kind '{}': SQLite reserves table names starting with sqlite_", s.kind));
    {  // fast path: already stored as is
      auto c = st_->acquire();
      const auto stored = load_schema(*c, s.kind);
      st_->release(std::move(c));
      if (stored && *stored == s) {
        st_->remember(s);
        return;
      }
      if (stored) plan_upgrade(*stored, s);  // throws early for a refused change
    }
    auto c = begin_write();
    try {
      guarded("register schema '" + s.kind + "'", [&] {
        const auto stored = load_schema(*c, s.kind);
        if (stored && *stored == s) {
          // registered meanwhile by another process
        } else if (!stored) {
          c->exec(create_table_sql(s).c_str());
          for (const auto& ix : s.indexes) c->exec(create_index_sql(s, ix).c_str());
          for (const auto& sql : create_fts_sql(s)) c->exec(sql.c_str());
        } else {
          const auto p = plan_upgrade(*stored, s);
          for (const auto& f : p.added)
            c->exec(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", quote(s.kind), quote(f.name), column_type(f.type)).c_str());
          for (const auto& ix : p.drop) c->exec(("DROP INDEX " + quote(index_name(s, ix))).c_str());
          for (const auto& ix : p.create) c->exec(create_index_sql(s, ix).c_str());
          if (stored->text_fields != s.text_fields || stored->text_only_when != s.text_only_when) {  // rebuilt over the rows already stored
            for (const auto& sql : drop_fts_sql(s.kind)) c->exec(sql.c_str());
            for (const auto& sql : create_fts_sql(s)) c->exec(sql.c_str());
          }
        }
        stmt_use st(c->prepare(
            "INSERT INTO \"_itsm_schema\" (\"kind\", \"version\", \"definition\") VALUES (?1, ?2, ?3) "
            "ON CONFLICT (\"kind\") DO UPDATE SET \"version\" = excluded.\"version\", "
            "\"definition\" = excluded.\"definition\""));
        st->bind(1, s.kind);
        st->bind(2, s.version);
        st->bind(3, schema_to_json(s));
        st->exec();
        c->exec("COMMIT");
      });
    } catch (...) {
      end_write(std::move(c));
      throw;
    }
    end_write(std::move(c));
    st_->remember(s);
  }

  std::optional<schema> find_schema(std::string_view kind) const override {
    if (auto k = st_->cached(kind)) return k->s;
    auto c = st_->acquire();
    auto k = st_->find(kind, *c);
    st_->release(std::move(c));
    if (!k) return std::nullopt;
    return k->s;
  }

  std::vector<std::string> kinds() const override {
    auto c = st_->acquire();
    std::vector<std::string> out;
    try {
      guarded("list kinds", [&] {
        stmt_use st(c->prepare("SELECT \"kind\" FROM \"_itsm_schema\" ORDER BY \"kind\""));
        while (st->executeStep()) out.push_back(st->getColumn(0).getString());
      });
    } catch (...) {
      st_->release(std::move(c));
      throw;
    }
    st_->release(std::move(c));
    return out;
  }

  std::unique_ptr<transaction> begin(tx_mode mode) override {
    if (mode == tx_mode::read_write) return make_transaction(st_, mode, begin_write());
    auto c = st_->acquire();
    guarded("begin read_only", [&] {
      c->exec_prepared("BEGIN");
      // Reading pins the snapshot now rather than at the first call.
      stmt_use st(c->prepare("SELECT count(*) FROM \"_itsm_meta\""));
      st->executeStep();
    });
    return make_transaction(st_, mode, std::move(c));
  }

 private:
  // Takes this backend's writer slot and the file's write lock (BEGIN IMMEDIATE), both within
  // one busy timeout. Errors: unavailable.
  std::unique_ptr<connection> begin_write() {
    const auto timeout = std::chrono::milliseconds(st_->options.busy_timeout_ms);
    const auto deadline = clock_type::now() + timeout;
    if (!st_->writer.try_acquire_until(deadline))
      throw_error(errc::unavailable,
                  fmt::format("sqlite: another read_write transaction on this backend is still open after "
                              "the busy timeout ({} ms)",
                              st_->options.busy_timeout_ms));
    std::unique_ptr<connection> c;
    try {
      c = st_->acquire();
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
      c->set_busy_timeout(static_cast<int>(std::max<std::int64_t>(left.count(), 1)));
      guarded("begin read_write", [&] { c->exec_prepared("BEGIN IMMEDIATE"); });
      c->set_busy_timeout(st_->options.busy_timeout_ms);
    } catch (...) {
      if (c) st_->release(std::move(c));
      st_->writer.release();
      throw;
    }
    return c;
  }

  void end_write(std::unique_ptr<connection> c) {
    if (c->in_transaction()) {
      try {
        c->exec("ROLLBACK");
      } catch (...) {
        c.reset();
      }
    }
    st_->release(std::move(c));
    st_->writer.release();
  }

  std::shared_ptr<shared_state> st_;
};

std::string make_temp_dir() {
  auto pattern = (std::filesystem::temp_directory_path() / "itsm-sqlite-XXXXXX").string();
  if (!mkdtemp(pattern.data()))
    throw_error(errc::unavailable, "sqlite: cannot create a temporary directory for :memory:");
  return pattern;
}

std::int64_t uri_number(std::string_view key, std::string_view val, std::int64_t lo, std::int64_t hi) {
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(val.data(), val.data() + val.size(), n);
  if (ec != std::errc{} || p != val.data() + val.size() || n < lo || n > hi)
    throw_error(errc::invalid_argument, fmt::format("sqlite URI: bad {} '{}'", key, val));
  return n;
}

sqlite_options parse_options(std::string_view text, sqlite_options o) {
  while (!text.empty()) {
    const auto amp = text.find('&');
    const auto item = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    const auto eq = item.find('=');
    const auto key = item.substr(0, eq);
    const auto val = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
    if (key == "synchronous" && (val == "normal" || val == "NORMAL")) {
      o.synchronous = sqlite_synchronous::normal;
    } else if (key == "synchronous" && (val == "full" || val == "FULL")) {
      o.synchronous = sqlite_synchronous::full;
    } else if (key == "busy_timeout_ms") {
      o.busy_timeout_ms = static_cast<int>(uri_number(key, val, 0, INT32_MAX));
    } else if (key == "wal_autocheckpoint") {
      o.wal_autocheckpoint_pages = static_cast<int>(uri_number(key, val, 0, INT32_MAX));
    } else if (key == "journal_size_limit") {
      o.journal_size_limit_bytes = uri_number(key, val, -1, INT64_MAX);
    } else {
      throw_error(errc::invalid_argument,
                  fmt::format("sqlite URI: unknown setting '{}' (synchronous=normal|full, busy_timeout_ms=N, "
                              "wal_autocheckpoint=PAGES, journal_size_limit=BYTES)", item));
    }
  }
  return o;
}

}  // namespace

std::unique_ptr<backend> make_sqlite_backend(const std::string& path, sqlite_options options) {
  if (path.empty()) throw_error(errc::invalid_argument, "sqlite: empty path (use \":memory:\" for a temporary store)");
  auto st = std::make_shared<shared_state>();
  st->options = options;
  int flags = SQLite::OPEN_READWRITE;
  if (path == ":memory:") {
    st->temp_dir = make_temp_dir();
    st->path = st->temp_dir + "/store.db";
    st->uri = "sqlite::memory:";
    flags |= SQLite::OPEN_CREATE;
  } else {
    st->path = path;
    st->uri = "sqlite:" + path;
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      validate_existing_file(path, options.busy_timeout_ms);
    } else if (!options.create_if_missing) {
      throw_error(errc::not_found, fmt::format("sqlite: '{}' does not exist", path));
    } else {
      flags |= SQLite::OPEN_CREATE;
    }
  }
  auto c = guarded("open " + st->path, [&] {
    return std::make_unique<connection>(st->path, flags, st->options, !st->temp_dir.empty());
  });
  initialise_store(*c, st->options.busy_timeout_ms);
  st->release(std::move(c));
  return std::make_unique<sqlite_backend>(std::move(st));
}

void register_sqlite() {
  register_scheme("sqlite", [](std::string_view rest) {
    const auto q = rest.find('?');
    const auto path = rest.substr(0, q);
    const auto opts = q == std::string_view::npos ? sqlite_options{} : parse_options(rest.substr(q + 1), {});
    return make_sqlite_backend(std::string(path), opts);
  });
}

}  // namespace itsm::storage

namespace itsm::detail::sqlite {

std::shared_ptr<shared_state> state_of(storage::backend& b) {
  auto* s = dynamic_cast<storage::sqlite_backend*>(&b);
  return s ? s->state() : nullptr;
}

}  // namespace itsm::detail::sqlite
