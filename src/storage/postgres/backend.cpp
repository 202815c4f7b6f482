// The PostgreSQL backend: opening a store, schema registration and migration, beginning
// transactions, and the "postgresql:" URI scheme.
#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <climits>

#include "detail.hpp"
#include "text_sql.hpp"
#include "itsm/storage/registry.hpp"

namespace itsm::storage {

namespace {

using namespace itsm::detail::pg;
using itsm::detail::plan_upgrade;

// PostgreSQL cuts identifiers at 63 bytes: longer names would collide silently.
void check_identifier_lengths(const schema& s) {
  if (s.kind.size() > 63)
    throw_error(errc::unsupported, fmt::format("kind '{}': PostgreSQL names are at most 63 bytes", s.kind));
  for (const auto& f : s.fields)
    if (f.name.size() > 63)
      throw_error(errc::unsupported, fmt::format("kind '{}': field name '{}' is over PostgreSQL's 63 bytes", s.kind, f.name));
}

class postgres_backend final : public backend {
 public:
  explicit postgres_backend(std::shared_ptr<shared_state> st) : st_(std::move(st)) {}

  capabilities caps() const noexcept override {
    return capabilities{.durable = true, .multi_process = true, .snapshot_reads = true, .paged_queries = true,
                        .text_search = true};
  }

  std::string uri() const override { return st_->uri; }

  void register_schema(const schema& s) override {
    s.validate();
    check_identifier_lengths(s);
    {  // fast path, without the writer lock: already stored as is (or a refused change)
      const auto stored = load_schema(*st_, *lease(*st_), s.kind);
      if (stored && *stored == s) {
        st_->remember(s);
        return;
      }
      if (stored) plan_upgrade(*stored, s);  // throws for a refused change
    }
    for (int retries = 0;; ++retries) {
      auto c = begin_on(*st_, tx_mode::read_write);
      try {
        apply_schema(*c, s);
        c->exec_script("register schema", "COMMIT");
        unlock_writer(*st_, *c);
        st_->release(std::move(c));
        break;
      } catch (const error&) {
        const bool retry = retries < st_->options.max_retries && is_retryable(c->last_sqlstate());
        end_on(*st_, std::move(c), tx_mode::read_write);
        if (!retry) throw;
      }
    }
    st_->remember(s);
  }

  std::optional<schema> find_schema(std::string_view kind) const override {
    const auto k = st_->find(kind, *lease(*st_));
    return k ? std::optional<schema>(k->s) : std::nullopt;
  }

  std::vector<std::string> kinds() const override {
    const auto r = lease(*st_)->exec("list kinds", "SELECT \"kind\" FROM " + st_->table("_itsm_schema") + " ORDER BY \"kind\"");
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.emplace_back(r.bytes(i, 0));
    return out;
  }

  std::unique_ptr<transaction> begin(tx_mode mode) override {
    return make_transaction(st_, mode, begin_on(*st_, mode));
  }

 private:
  // Creates or upgrades the kind's table inside the open write transaction on `c`.
  void apply_schema(connection& c, const schema& s) {
    const auto stored = load_schema(*st_, c, s.kind);
    if (stored && *stored == s) return;
    const auto table = st_->table(s.kind);
    if (!stored) {
      c.exec_script("create table", create_table_sql(st_->ns, s));
      for (const auto& ix : s.indexes) c.exec_script("create index", create_index_sql(st_->ns, s, ix));
    } else {
      const auto p = plan_upgrade(*stored, s);
      for (const auto& f : p.added)
        c.exec_script("add column", fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table, quote(f.name), column_type(f.type)));
      for (const auto& ix : p.drop) c.exec_script("drop index", drop_index_sql(st_->ns, s, ix));
      for (const auto& ix : p.create) c.exec_script("create index", create_index_sql(st_->ns, s, ix));
    }
    const bool text_changed = !stored || stored->text_fields != s.text_fields || stored->text_only_when != s.text_only_when;
    if (text_changed && !s.text_fields.empty()) create_text_index(c, st_->ns, s);
    params p;
    p.add_text(s.kind);
    p.add_int(s.version);
    p.add_text(itsm::detail::schema_to_json(s));
    c.exec("register schema",
           "INSERT INTO " + st_->table("_itsm_schema") +
               " (\"kind\", \"version\", \"definition\") VALUES ($1, $2, $3) ON CONFLICT (\"kind\") DO UPDATE SET "
               "\"version\" = excluded.\"version\", \"definition\" = excluded.\"definition\"",
           p);
  }

  std::shared_ptr<shared_state> st_;
};

bool valid_schema_name(std::string_view n) {
  if (n.empty() || n.size() > 63 || !(std::islower(static_cast<unsigned char>(n[0])) || n[0] == '_')) return false;
  for (char ch : n)
    if (!(std::islower(static_cast<unsigned char>(ch)) || std::isdigit(static_cast<unsigned char>(ch)) || ch == '_'))
      return false;
  return n.rfind("pg_", 0) != 0;
}

int uri_number(std::string_view key, std::string_view val, int lo) {
  int n = 0;
  auto [p, ec] = std::from_chars(val.data(), val.data() + val.size(), n);
  if (ec != std::errc{} || p != val.data() + val.size() || n < lo)
    throw_error(errc::invalid_argument, fmt::format("postgresql URI: bad {} '{}'", key, val));
  return n;
}

// Takes the adapter's own settings out of the URI's query string; the rest goes to libpq.
std::string split_options(std::string uri, postgres_options& o) {
  const auto q = uri.find('?');
  if (q == std::string::npos) return uri;
  std::string kept;
  std::string_view rest(uri);
  rest.remove_prefix(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto item = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const auto eq = item.find('=');
    const auto key = item.substr(0, eq);
    const auto val = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
    if (key == "itsm_schema") {
      o.schema = std::string(val);
    } else if (key == "busy_timeout_ms") {
      o.busy_timeout_ms = uri_number(key, val, 0);
    } else if (key == "statement_timeout_ms") {
      o.statement_timeout_ms = uri_number(key, val, 0);
    } else if (key == "max_idle_connections") {
      o.max_idle_connections = static_cast<std::size_t>(uri_number(key, val, 0));
    } else if (key == "max_retries") {
      o.max_retries = uri_number(key, val, 0);
    } else {
      kept += (kept.empty() ? "?" : "&") + std::string(item);
    }
  }
  return uri.substr(0, q) + kept;
}

}  // namespace

std::unique_ptr<backend> make_postgres_backend(const std::string& conninfo, postgres_options options) {
  if (!valid_schema_name(options.schema))
    throw_error(errc::invalid_argument,
                fmt::format("postgresql: schema name '{}' is not [a-z_][a-z0-9_]* (at most 63 bytes, not pg_…)", options.schema));
  auto st = std::make_shared<shared_state>();
  st->conninfo = conninfo;
  st->options = options;
  st->ns_name = options.schema;
  st->ns = quote(options.schema);
  {
    lease c(*st);
    st->uri = c->describe() + (options.schema == "public" ? "" : "?itsm_schema=" + options.schema);
    initialise_store(*st, *c);
  }
  return std::make_unique<postgres_backend>(std::move(st));
}

void register_postgres() {
  for (const char* scheme : {"postgresql", "postgres"}) {
    register_scheme(scheme, [scheme](std::string_view rest) {
      postgres_options o;
      const auto conninfo = split_options(std::string(scheme) + ":" + std::string(rest), o);
      return make_postgres_backend(conninfo, o);
    });
  }
}

}  // namespace itsm::storage
