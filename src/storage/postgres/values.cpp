// Values to and from PostgreSQL's binary format: big-endian integers and IEEE doubles, bytea as
// raw bytes (texts are stored as bytea: exact bytes, NULs and invalid UTF-8 included, compared
// bytewise), timestamps as microseconds since 2000-01-01.
#include <libpq-fe.h>

#include <bit>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "detail.hpp"

namespace itsm::detail::pg {

namespace {

constexpr std::int64_t pg_epoch_offset_us = 946'684'800'000'000;  // 2000-01-01 in Unix microseconds

std::string big_endian(std::uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) out[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xff);
  return out;
}

std::uint64_t from_big_endian(std::string_view b) {
  if (b.size() != 8) throw_error(errc::corrupt, fmt::format("postgresql: an 8-byte value has {} bytes", b.size()));
  std::uint64_t v = 0;
  for (char c : b) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

}  // namespace

oid column_oid(value_type t) {
  switch (t) {
    case value_type::boolean: return oid::boolean;
    case value_type::integer: return oid::int8;
    case value_type::real: return oid::float8;
    case value_type::text: return oid::bytea;
    case value_type::time: return oid::timestamp;
    case value_type::null: break;
  }
  throw_error(errc::invalid_argument, "field of type null");
}

void params::push(oid type, std::string bytes, bool null) {
  types_.push_back(static_cast<unsigned>(type));
  lengths_.push_back(static_cast<int>(bytes.size()));
  formats_.push_back(1);
  data_.push_back(std::move(bytes));
  null_.push_back(null);
}

void params::add(const value& v) {
  switch (v.type()) {
    case value_type::boolean: push(oid::boolean, std::string(1, v.as_bool() ? '\1' : '\0')); return;
    case value_type::integer: push(oid::int8, big_endian(static_cast<std::uint64_t>(v.as_int()))); return;
    case value_type::real: push(oid::float8, big_endian(std::bit_cast<std::uint64_t>(v.as_real()))); return;
    case value_type::text: add_bytes(v.as_text()); return;
    case value_type::time:
      push(oid::timestamp, big_endian(static_cast<std::uint64_t>(to_unix_micros(v.as_time()) - pg_epoch_offset_us)));
      return;
    case value_type::null: break;
  }
  throw_error(errc::invalid_argument, "postgresql: a null value bound without its type");
}

void params::append(const params& more) {
  types_.insert(types_.end(), more.types_.begin(), more.types_.end());
  data_.insert(data_.end(), more.data_.begin(), more.data_.end());
  null_.insert(null_.end(), more.null_.begin(), more.null_.end());
  lengths_.insert(lengths_.end(), more.lengths_.begin(), more.lengths_.end());
  formats_.insert(formats_.end(), more.formats_.begin(), more.formats_.end());
}

void params::add_null(oid type) { push(type, {}, true); }
void params::add_int(std::int64_t v) { push(oid::int8, big_endian(static_cast<std::uint64_t>(v))); }
void params::add_bytes(std::string_view bytes) {
  if (bytes.size() > 0x3fffffff) throw_error(errc::invalid_argument, "postgresql: a value over 1 GiB");
  push(oid::bytea, std::string(bytes));
}
void params::add_text(std::string_view text) { push(oid::text, std::string(text)); }

std::vector<const char*> params::pointers() const {
  std::vector<const char*> out;
  out.reserve(data_.size());
  for (std::size_t i = 0; i < data_.size(); ++i) out.push_back(null_[i] ? nullptr : data_[i].data());
  return out;
}

void result::clear::operator()(pg_result* r) const noexcept { PQclear(r); }

int result::rows() const { return PQntuples(r_.get()); }

std::int64_t result::affected() const {
  const char* n = PQcmdTuples(r_.get());
  return n && *n ? std::stoll(n) : 0;
}

bool result::is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }

std::string_view result::bytes(int row, int col) const {
  return {PQgetvalue(r_.get(), row, col), static_cast<std::size_t>(PQgetlength(r_.get(), row, col))};
}

std::int64_t result::int8(int row, int col) const {
  return static_cast<std::int64_t>(from_big_endian(bytes(row, col)));
}

value result::read(int row, int col, value_type t) const {
  if (is_null(row, col)) return value{};
  const auto b = bytes(row, col);
  switch (t) {
    case value_type::boolean:
      if (b.size() != 1) throw_error(errc::corrupt, "postgresql: a boolean column is not one byte");
      return value(b[0] != 0);
    case value_type::integer: return value(int8(row, col));
    case value_type::real: return value(std::bit_cast<double>(from_big_endian(b)));
    case value_type::text: return value(std::string(b));
    case value_type::time: {
      const auto us = static_cast<std::int64_t>(from_big_endian(b));
      try {
        return value(from_unix_micros(us + pg_epoch_offset_us));
      } catch (const error&) {
        throw_error(errc::corrupt, "postgresql: a stored time is outside the supported range");
      }
    }
    case value_type::null: break;
  }
  throw_error(errc::corrupt, "postgresql: column of type null");
}

}  // namespace itsm::detail::pg
