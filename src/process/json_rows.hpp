// Reads an import's JSON source into the same table a CSV file gives (csv.hpp): the text is an
// array of flat objects, one per row; a row's number is its index in the array (from 0). Values
// are strings, numbers, true/false, null (an empty cell: clears) or, for list columns such as
// `services`, arrays of strings (joined with ';'). A key an object leaves out is absent: the
// import keeps the stored value. Problems are reported, never thrown. Not stable API.
// Thread-safety: pure function.
#pragma once

#include <initializer_list>
#include <string_view>

#include "csv.hpp"

namespace itsm::detail {

// Malformed JSON is one problem at row 0 naming its line and column; an element that is not an
// object, lacks a `required` key, has a nested object, a string over the limit or too many keys
// is left out and reported at its index.
csv_table read_json_rows(std::string_view text, const csv_limits& limits, std::initializer_list<const char*> required);

}  // namespace itsm::detail
