// The kit's shared helpers and string corpora.
#include "kit.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <sstream>

namespace itsm::testing {

using namespace std::string_literals;

const std::vector<std::string>& injection_corpus() {
  static const std::vector<std::string> corpus = {
      "'", "''", "\"", "\"\"", "`", ";", "--", "/*", "*/", "\\", "\\'", "\\\"", "%", "_", "?", "?1", ":id",
      "@id", "$1", "NULL", "null", "0x27", "char(39)",
      "' OR '1'='1",
      "' OR 1=1 --",
      "\" OR \"\"=\"",
      "'; DROP TABLE ticket; --",
      "\"; DROP TABLE \"ticket\"; --",
      "x'); DELETE FROM ticket WHERE ('1'='1",
      "1; SELECT * FROM sqlite_master",
      "' UNION SELECT name, sql FROM sqlite_master --",
      "admin'--",
      "%' OR title LIKE '%",
      "' || (SELECT 1) || '",
      "'\0' OR 1=1 --"s,
      "ATTACH DATABASE '/tmp/itsm-kit-attack.db' AS x; --",
      "PRAGMA writable_schema=1;",
      "');VACUUM;--",
      "\n'; --\r\n",
      "T-1' --",
      "1' AND SLEEP(5) AND '1'='1",
      "'; UPDATE ticket SET revision = 99; --",
      "' ; INSERT INTO _itsm_audit VALUES (1); --",
      "$$; DROP TABLE ticket; $$",
      "E'\\x27'",
      "\xca\xbc",       // modifier letter apostrophe
      "\xef\xbc\x87",   // fullwidth apostrophe
      "<script>alert(1)</script>",
      "${jndi:ldap://example.invalid/a}",
      "]]>",
      "{\"$where\": \"1 == 1\"}",
  };
  return corpus;
}

const std::vector<std::string>& awkward_strings() {
  static const std::vector<std::string> strings = [] {
    std::vector<std::string> s = {
        "", " ", "  padded  ", "\xc3\x9c" "n\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9",           // Ünïcödé
        "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",                                   // 日本語
        "emoji \xf0\x9f\x9a\x80\xf0\x9f\x94\xa5 \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb",
        "RTL \xd7\xa2\xd7\x91\xd7\xa8\xd7\x99\xd7\xaa \xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9",
        "e\xcc\x81 vs \xc3\xa9",                                                  // combining accent
        "\xe2\x80\xa8line\xe2\x80\xa9sep", "zero\xe2\x80\x8bwidth", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf",
        "a\0b"s, "\0"s, "\0\0lead"s, "trail\0"s,
        "\xff\xfe invalid utf-8", "\xc3\x28", "\xed\xa0\x80 surrogate", "\xf4\x90\x80\x80 beyond",
        "\r\n\t\v\f\b\a\x1b", std::string(1000, 'x') + "\0"s + std::string(10, 'y'),
    };
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    s.push_back(all);
    std::string reversed(all.rbegin(), all.rend());
    s.push_back(reversed);
    return s;
  }();
  return strings;
}

namespace detail {

std::string fresh_name(const std::string& group) {
  static std::atomic<int> counter{0};
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  std::string g;
  for (char c : group) g += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '-';
  return g + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + "-" +
         std::to_string(static_cast<unsigned long long>(now) % 1000000007ULL);
}

std::unique_ptr<storage::backend> open_fresh(const store_opener& open, const std::string& group) {
  auto be = open(fresh_name(group));
  REQUIRE(be != nullptr);
  return be;
}

schema ticket_schema() {
  schema s;
  s.kind = "ticket";
  s.version = 1;
  s.fields = {{"title", value_type::text, false},  {"priority", value_type::integer, true},
              {"score", value_type::real, true},   {"open", value_type::boolean, true},
              {"opened", value_type::time, true},  {"note", value_type::text, true}};
  s.indexes = {{"by_priority", {"priority"}},
               {"by_open_priority", {"open", "priority"}},
               {"by_opened", {"opened"}},
               {"by_title", {"title"}}};
  return s;
}

schema asset_schema() {
  schema s;
  s.kind = "asset";
  s.fields = {{"name", value_type::text, false}, {"size", value_type::integer, true}};
  s.indexes = {{"by_name", {"name"}}};
  return s;
}

record make_record(std::string id, std::vector<value> values, std::int64_t revision) {
  record r;
  r.id = std::move(id);
  r.revision = revision;
  r.values = std::move(values);
  return r;
}

record ticket(std::string id, std::string title, value priority, value score, value open, value opened,
              value note) {
  return make_record(std::move(id), {value(std::move(title)), std::move(priority), std::move(score),
                                     std::move(open), std::move(opened), std::move(note)});
}

timestamp at(const char* iso) { return parse_iso(iso); }

std::vector<record> ticket_data() {
  const std::vector<std::string> titles = {"alpha", "Beta", "beta", "gamma", "", "\xce\xa9mega", "zeta", "alpha"};
  const std::vector<value> priorities = {value{}, value(1), value(2), value(3), value(2), value(5),
                                         value(-3), value(std::numeric_limits<std::int64_t>::max()),
                                         value(std::numeric_limits<std::int64_t>::min()), value(2)};
  const std::vector<value> scores = {value{}, value(-1.5), value(0.0), value(2.25), value(1e10), value(-1e-3), value(2.25)};
  const std::vector<value> opens = {value{}, value(true), value(false), value(true)};
  const std::vector<value> times = {value{}, value(at("2026-03-01T08:00:00Z")), value(at("2026-03-01T08:00:00.000001Z")),
                                    value(at("1969-12-31T23:59:59.5Z")), value(at("2026-03-01T07:59:59.999999Z")),
                                    value(at("2099-01-01T00:00:00Z"))};
  const std::vector<value> notes = {value{}, value("note"), value("Note"), value(""), value("n\0te"s)};
  std::vector<record> out;
  for (int i = 0; i < 40; ++i) {
    const int n = (i * 17) % 41 + 1;  // ids T-1 … T-41 in scrambled order; text order ≠ numeric
    out.push_back(ticket("T-" + std::to_string(n), titles[(i * 5) % titles.size()],
                         priorities[(i * 3) % priorities.size()], scores[(i * 4) % scores.size()],
                         opens[(i * 7) % opens.size()], times[(i * 5 + 1) % times.size()],
                         notes[(i * 3 + 2) % notes.size()]));
  }
  return out;
}

std::vector<record> put_all(storage::backend& be, const std::string& kind, std::vector<record> records) {
  auto tx = be.begin(storage::tx_mode::read_write);
  for (auto& r : records) {
    r.revision = 0;
    r.revision = tx->put(kind, r);
  }
  tx->commit();
  return records;
}

storage::query on(std::string kind) {
  storage::query q;
  q.kind = std::move(kind);
  return q;
}

value field_value(const schema& s, const record& r, const std::string& field) {
  if (field == "id") return value(r.id);
  return r.values.at(*s.field_index(field));
}

std::vector<record> oracle(const schema& s, const std::vector<record>& all, const storage::query& q) {
  auto holds = [&](const record& r, const std::vector<storage::condition>& cs) {
    return std::all_of(cs.begin(), cs.end(),
                       [&](const storage::condition& c) { return storage::matches(c, field_value(s, r, c.field)); });
  };
  std::vector<record> out;
  for (const auto& r : all) {
    bool keep = holds(r, q.where);
    for (const auto& group : q.any)
      keep = keep && std::any_of(group.alternatives.begin(), group.alternatives.end(),
                                 [&](const std::vector<storage::condition>& alt) { return holds(r, alt); });
    if (keep) out.push_back(r);
  }
  // Ascending by (order value, id); descending is the exact reverse.
  auto asc = [&](const value& va, const std::string& ia, const value& vb, const std::string& ib) {
    const auto o = va <=> vb;
    if (o != 0) return o < 0;
    return ia < ib;
  };
  std::sort(out.begin(), out.end(), [&](const record& a, const record& b) {
    return asc(field_value(s, a, q.order_by), a.id, field_value(s, b, q.order_by), b.id);
  });
  if (q.descending) std::reverse(out.begin(), out.end());
  if (q.after) {
    const auto& k = *q.after;
    std::erase_if(out, [&](const record& r) {
      const auto& v = field_value(s, r, q.order_by);
      return q.descending ? !asc(v, r.id, k.order_value, k.id) : !asc(k.order_value, k.id, v, r.id);
    });
  }
  if (q.limit > 0 && out.size() > q.limit) out.resize(q.limit);
  return out;
}

void check_scan(storage::transaction& tx, const schema& s, const std::vector<record>& data, const storage::query& q) {
  INFO(describe(q));
  const auto got = tx.scan(q);
  const auto want = oracle(s, data, q);
  CHECK(ids(got) == ids(want));
  if (ids(got) == ids(want))
    for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == want[i]);
}

std::vector<std::string> scan_fields(const schema& s) {
  std::vector<std::string> f = {"id"};
  for (const auto& d : s.fields) f.push_back(d.name);
  return f;
}

std::vector<std::string> ids(const std::vector<record>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(r.id);
  return out;
}

namespace {
std::string show(const value& v) {
  std::ostringstream os;
  os << to_string(v.type()) << ":";
  if (v.type() == value_type::text) {
    os << '"';
    for (unsigned char c : v.as_text()) {
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
        os << c;
      else
        os << "\\x" << "0123456789abcdef"[c >> 4] << "0123456789abcdef"[c & 15];
    }
    os << '"';
  } else {
    os << v.to_display();
  }
  return os.str();
}
const char* op_name(storage::cmp op) {
  switch (op) {
    case storage::cmp::eq: return "eq";
    case storage::cmp::ne: return "ne";
    case storage::cmp::lt: return "lt";
    case storage::cmp::le: return "le";
    case storage::cmp::gt: return "gt";
    case storage::cmp::ge: return "ge";
    case storage::cmp::in: return "in";
  }
  return "?";
}
}  // namespace

std::string describe(const storage::query& q) {
  std::ostringstream os;
  os << "scan " << q.kind;
  for (const auto& c : q.where) {
    os << " [" << c.field << " " << op_name(c.op) << " ";
    if (c.op == storage::cmp::in) {
      os << "(";
      for (const auto& v : c.operands) os << show(v) << " ";
      os << ")";
    } else {
      os << show(c.operand);
    }
    os << "]";
  }
  for (const auto& group : q.any) {
    os << " any(";
    for (const auto& alt : group.alternatives) {
      os << " {";
      for (const auto& c : alt) os << " " << c.field << " " << op_name(c.op) << " " << show(c.operand);
      os << " }";
    }
    os << " )";
  }
  if (q.after) os << " after (" << show(q.after->order_value) << ", " << q.after->id << ")";
  os << " order_by " << q.order_by << (q.descending ? " desc" : " asc") << " limit " << q.limit;
  return os.str();
}

storage::audit_record audit_entry(std::int64_t seq, std::string kind, std::string object_id) {
  storage::audit_record e;
  e.seq = seq;
  e.at = parse_iso("2026-03-01T08:00:00Z") + boost::posix_time::microseconds(seq * 1000001);
  e.actor = "actor-" + std::to_string(seq % 3);
  e.action = seq % 2 ? "create" : "transition:resolve";
  e.kind = std::move(kind);
  e.object_id = std::move(object_id);
  e.revision = seq;
  e.outcome = "applied";
  e.changes = "{\"title\":[null,\"t" + std::to_string(seq) + "\"]}";
  e.reason = "reason " + std::to_string(seq);
  e.reference = seq % 4 ? "" : "RFC-" + std::to_string(seq);
  e.prev_hash = seq == 1 ? "" : std::string(64, 'a' + static_cast<char>((seq - 1) % 6));
  e.hash = std::string(64, 'a' + static_cast<char>(seq % 6));
  // The record hash an applied write carries: 64 hex digits, or the erase marker.
  e.record_hash = seq % 5 == 0 ? std::string("erased") : std::string(64, "0123456789abcdef"[seq % 16]);
  return e;
}

std::string big_text(std::size_t n, unsigned seed) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 31 + seed + (i >> 8)) & 0xff);
  return s;
}

}  // namespace detail
}  // namespace itsm::testing
