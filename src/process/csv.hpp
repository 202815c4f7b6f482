// A strict CSV reader (RFC 4180) for imports: comma-separated fields, optional double quotes
// ("" inside quotes is one quote; quotes may span lines), a header row naming the columns, LF or
// CRLF line ends. Problems are reported per row with the row's line number instead of thrown,
// so an import can show every bad row at once. Not stable API. Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::detail {

struct csv_limits {
  std::size_t max_field_bytes = std::size_t{1} << 20;  // Default: 1 MiB
  std::size_t max_columns = 1024;                      // Default: 1024
};

struct csv_row {
  std::size_t line = 0;  // line number where the row starts (the header is line 1)
  std::vector<std::string> fields;
  std::vector<bool> absent;  // JSON rows: the columns the object does not name; empty = none (CSV)
};

struct csv_problem {
  std::size_t line = 0;
  std::string message;
};

struct csv_table {
  std::vector<std::string> header;
  std::vector<csv_row> rows;          // well-formed rows, in file order
  std::vector<csv_problem> problems;  // rows left out and why, in file order
};

// Reads `text`. A row with an unbalanced quote, a stray quote, a field over the limit, invalid
// UTF-8 or a column count other than the header's is left out and reported; an unbalanced quote
// ends the file (everything after it would be misread). A header problem (empty, duplicate or
// empty column name) leaves no rows.
csv_table read_csv(std::string_view text, const csv_limits& limits = {});

}  // namespace itsm::detail
