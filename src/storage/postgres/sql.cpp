// SQL text from registered schemas (identifiers only, always quoted and schema-qualified), the
// stored schemas in _itsm_schema (JSON: storage/spi/schema_codec.hpp), the per-kind statements.
#include <fmt/format.h>

#include "detail.hpp"

namespace itsm::detail::pg {

std::string column_type(value_type t) {
  switch (t) {
    case value_type::boolean: return "boolean";
    case value_type::integer: return "bigint";
    case value_type::real: return "double precision";
    case value_type::text: return "bytea";  // exact bytes, compared bytewise
    case value_type::time: return "timestamp";
    case value_type::null: break;
  }
  throw_error(errc::invalid_argument, "field of type null");
}

std::string create_table_sql(const std::string& ns, const schema& s) {
  std::string sql = "CREATE TABLE " + ns + "." + quote(s.kind) + " (\"id\" bytea NOT NULL PRIMARY KEY, \"revision\" bigint NOT NULL";
  for (const auto& f : s.fields) {
    sql += fmt::format(", {} {}", quote(f.name), column_type(f.type));
    if (!f.nullable) sql += " NOT NULL";
  }
  return sql + ")";
}

namespace {
// "kind:index", or a hash of it where PostgreSQL's 63-byte identifiers would cut it short.
std::string index_name(const schema& s, const storage::index_def& ix) {
  std::string name = s.kind + ":" + ix.name;
  if (name.size() <= 63) return name;
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
  return fmt::format("{}:{:016x}", s.kind.substr(0, 40), h);
}
}  // namespace

std::string text_prefix(const std::string& expr) { return fmt::format("substr({}, 1, 200)", expr); }

std::string create_index_sql(const std::string& ns, const schema& s, const storage::index_def& ix) {
  // Nulls first as scans order them; "id" last: equal keys come out in id order. Text fields by
  // their prefix: a B-tree entry must fit in a third of a page, a text value need not.
  std::string sql = fmt::format("CREATE INDEX {} ON {}.{} (", quote(index_name(s, ix)), ns, quote(s.kind));
  for (const auto& f : ix.fields) {
    const bool text = s.fields[*s.field_index(f)].type == value_type::text;
    sql += (text ? text_prefix(quote(f)) : quote(f)) + " NULLS FIRST, ";
  }
  return sql + "\"id\")";
}

std::string drop_index_sql(const std::string& ns, const schema& s, const storage::index_def& ix) {
  return fmt::format("DROP INDEX {}.{}", ns, quote(index_name(s, ix)));
}

kind_info make_kind_info(const std::string& ns, const schema& s) {
  kind_info k;
  k.s = s;
  k.table = ns + "." + quote(s.kind);
  std::string fields, inserts, sets;
  for (std::size_t i = 0; i < s.fields.size(); ++i) {
    const auto col = quote(s.fields[i].name);
    fields += ", " + col;
    inserts += fmt::format(", ${}", i + 2);
    sets += fmt::format(", {} = ${}", col, i + 4);
  }
  k.columns = "\"id\", \"revision\"" + fields;
  std::string text_columns;
  if (!s.text_fields.empty()) {  // the search columns follow the fields (text_sql.hpp)
    const auto n = s.fields.size();
    text_columns = ", \"_itsm_text\", \"_itsm_length\"";
    inserts += fmt::format(", ${}::text::tsvector, ${}", n + 2, n + 3);
    sets += fmt::format(", \"_itsm_text\" = ${}::text::tsvector, \"_itsm_length\" = ${}", n + 4, n + 5);
  }
  k.get = "SELECT \"revision\"" + fields + " FROM " + k.table + " WHERE \"id\" = $1";
  k.insert = "INSERT INTO " + k.table + " (" + k.columns + text_columns + ") VALUES ($1, 1" + inserts +
             ") ON CONFLICT (\"id\") DO NOTHING";
  k.update = "UPDATE " + k.table + " SET \"revision\" = $3" + sets + " WHERE \"id\" = $1 AND \"revision\" = $2";
  k.erase = "DELETE FROM " + k.table + " WHERE \"id\" = $1 AND \"revision\" = $2";
  k.revision = "SELECT \"revision\" FROM " + k.table + " WHERE \"id\" = $1";
  return k;
}

std::optional<schema> load_schema(shared_state& st, connection& c, std::string_view kind) {
  params p;
  p.add_text(kind);
  const auto r = c.exec("read schema", "SELECT \"definition\" FROM " + st.table("_itsm_schema") + " WHERE \"kind\" = $1", p);
  if (r.rows() == 0) return std::nullopt;
  return schema_from_json(r.bytes(0, 0));
}

std::shared_ptr<const kind_info> shared_state::find(std::string_view kind, connection& c) {
  {
    std::shared_lock lock(schema_mu_);
    if (auto it = schemas_.find(kind); it != schemas_.end()) return it->second;
  }
  const auto s = load_schema(*this, c, kind);
  if (!s) return nullptr;
  remember(*s);
  std::shared_lock lock(schema_mu_);
  return schemas_.find(kind)->second;
}

void shared_state::remember(const schema& s) {
  auto k = std::make_shared<const kind_info>(make_kind_info(ns, s));
  std::unique_lock lock(schema_mu_);
  auto& slot = schemas_[s.kind];
  if (!slot || slot->s.version <= s.version) slot = std::move(k);
}

namespace {

// Table names in the store's schema (tables, views and the like).
std::vector<std::string> relations(shared_state& st, connection& c) {
  params p;
  p.add_text(st.ns_name);
  const auto r = c.exec("list tables",
                        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')",
                        p);
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.emplace_back(r.bytes(i, 0));
  return out;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  for (const auto& x : v)
    if (x == s) return true;
  return false;
}

// Refuses what is not a usable itsm store; true when the store exists already.
bool check_existing(shared_state& st, connection& c) {
  const auto tables = relations(st, c);
  if (!contains(tables, "_itsm_meta")) {
    if (tables.empty()) return false;
    throw_error(errc::invalid_argument,
                fmt::format("postgresql: schema '{}' holds {} tables of another application (no _itsm_meta); "
                            "choose another schema (itsm_schema=NAME) or database",
                            st.ns_name, tables.size()));
  }
  const auto r = c.exec("read the store's layout", "SELECT \"key\", \"value\" FROM " + st.table("_itsm_meta"));
  std::string created_by, version;
  for (int i = 0; i < r.rows(); ++i) {
    if (r.bytes(i, 0) == "created_by") created_by = r.bytes(i, 1);
    if (r.bytes(i, 0) == "format_version") version = r.bytes(i, 1);
  }
  if (created_by != "itsm")
    throw_error(errc::invalid_argument,
                fmt::format("postgresql: schema '{}' has a _itsm_meta table not written by itsm", st.ns_name));
  int v = 0;
  try {
    v = std::stoi(version);
  } catch (const std::exception&) {
    throw_error(errc::corrupt, fmt::format("postgresql: unreadable layout version '{}'", version));
  }
  if (v > storage::postgres_format_version)
    throw_error(errc::unsupported,
                fmt::format("postgresql: the store has layout version {}, newer than this library's {}: upgrade itsm",
                            v, storage::postgres_format_version));
  if (!contains(tables, "_itsm_schema") || !contains(tables, "_itsm_audit"))
    throw_error(errc::corrupt, fmt::format("postgresql: schema '{}' lacks itsm's internal tables", st.ns_name));
  return true;
}

std::string create_store_sql(const shared_state& st) {
  return fmt::format(
      "CREATE TABLE {meta} (\"key\" text NOT NULL PRIMARY KEY, \"value\" text NOT NULL);"
      "CREATE TABLE {schema} (\"kind\" text COLLATE \"C\" NOT NULL PRIMARY KEY, \"version\" integer NOT NULL,"
      " \"definition\" text NOT NULL);"
      "CREATE TABLE {audit} (\"seq\" bigint NOT NULL PRIMARY KEY, \"at\" timestamp NOT NULL,"
      " \"actor\" bytea NOT NULL, \"action\" bytea NOT NULL, \"kind\" bytea NOT NULL, \"object_id\" bytea NOT NULL,"
      " \"revision\" bigint NOT NULL, \"outcome\" bytea NOT NULL, \"changes\" bytea NOT NULL,"
      " \"reason\" bytea NOT NULL, \"reference\" bytea NOT NULL, \"prev_hash\" bytea NOT NULL,"
      " \"hash\" bytea NOT NULL, \"record_hash\" bytea NOT NULL);"
      "CREATE INDEX \"_itsm_audit:object\" ON {audit} ({kind_prefix}, {object_prefix}, \"seq\");"
      "INSERT INTO {meta} VALUES ('format_version', '{version}'), ('created_by', 'itsm');",
      fmt::arg("meta", st.table("_itsm_meta")), fmt::arg("schema", st.table("_itsm_schema")),
      fmt::arg("audit", st.table("_itsm_audit")), fmt::arg("version", storage::postgres_format_version),
      fmt::arg("kind_prefix", text_prefix("\"kind\"")), fmt::arg("object_prefix", text_prefix("\"object_id\"")));
}

}  // namespace

void initialise_store(shared_state& st, connection& c) {
  if (check_existing(st, c)) return;
  // Under the writer lock, checked again: another process may be creating the same store.
  lock_writer(st, c);
  try {
    c.exec_script("create the store", "BEGIN");
    if (!check_existing(st, c)) {
      params p;
      p.add_text(st.ns_name);
      if (c.exec("find the schema", "SELECT 1 FROM pg_namespace WHERE nspname = $1", p).rows() == 0)
        c.exec_script("create the schema", "CREATE SCHEMA " + st.ns);
      c.exec_script("create the store", create_store_sql(st));
    }
    c.exec_script("create the store", "COMMIT");
  } catch (...) {
    abandon(st, c, true);
    throw;
  }
  unlock_writer(st, c);
}

}  // namespace itsm::detail::pg
