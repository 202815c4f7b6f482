// Typed, authorized, paged queries (docs/queries.md) as Python iterables: store.query(who,
// itsm.Incident, where=itsm.field("state").eq("recorded") & itsm.field("priority").le(2)) yields
// records page by page (keyset paging: nothing repeated or skipped while others write).
#include <functional>
#include <map>
#include <string>
#include <utility>

#include "bindings.hpp"

namespace itsm::python {

namespace {

// One page: the records as Python objects and the cursor of the next page ("" after the last).
using page_rows = std::pair<py::list, std::string>;

// What a Query asks, whatever its kind.
struct query_request {
  std::shared_ptr<store_handle> store;
  actor who;
  std::string kind;
  query_spec spec;
};

struct kind_ops {
  std::function<page_rows(const query_request&, const std::string& cursor)> page;
  std::function<std::uint64_t(const query_request&)> count;
  std::function<std::string(const query_request&, const std::string& cursor)> page_json;
};

template <class T>
query<T> typed(const query_request& r, const std::string& cursor) {
  query<T> q;
  q.where(r.spec.where).order_by(r.spec.order_by, r.spec.order).limit(r.spec.limit);
  return q.after(cursor);
}

template <class T>
kind_ops ops_for() {
  return {
      [](const query_request& r, const std::string& cursor) {
        auto p = r.store->get().queries().find(r.who, typed<T>(r, cursor));
        py::list items;
        for (auto& x : p.items) items.append(py::cast(std::move(x)));
        return page_rows{items, p.next_cursor};
      },
      [](const query_request& r) { return r.store->get().queries().count(r.who, typed<T>(r, "")); },
      [](const query_request& r, const std::string& cursor) {
        return export_json(r.store->get().queries().find(r.who, typed<T>(r, cursor)));
      },
  };
}

const kind_ops& ops(const std::string& kind) {
  static const std::map<std::string, kind_ops> table = {
      {model::incident::def().name(), ops_for<model::incident>()},
      {model::service_request::def().name(), ops_for<model::service_request>()},
      {model::rfc::def().name(), ops_for<model::rfc>()},
      {model::configuration_item::def().name(), ops_for<model::configuration_item>()},
      {model::service::def().name(), ops_for<model::service>()},
      {model::customer::def().name(), ops_for<model::customer>()},
  };
  const auto it = table.find(kind);
  if (it != table.end()) return it->second;
  std::string names;
  for (const auto& [name, _] : table) names += (names.empty() ? "" : ", ") + name;
  throw error(errc::invalid_argument, "kind '" + kind + "' cannot be queried from Python; one of " + names);
}

// `kind`: a record class (itsm.Incident) or its kind name ("incident").
std::string kind_name(py::handle kind) {
  if (py::isinstance<py::str>(kind)) return kind.cast<std::string>();
  if (py::hasattr(kind, "kind") && py::isinstance<py::str>(kind.attr("kind"))) return kind.attr("kind").cast<std::string>();
  throw error(errc::invalid_argument, "kind must be a record class such as itsm.Incident or a kind name");
}

// `where`: None, an itsm.Filter, or a dict {field: value} meaning field == value for each.
filter to_filter(py::handle where) {
  if (where.is_none()) return filter();
  if (py::isinstance<filter>(where)) return where.cast<filter>();
  if (py::isinstance<py::dict>(where)) {
    filter f;
    for (const auto& [name, v] : where.cast<py::dict>()) f = f && field(py::str(name)).eq(to_value(v));
    return f;
  }
  throw error(errc::invalid_argument, "where must be None, an itsm.Filter or a dict of field: value");
}

// Iterates a query's records, fetching the next page when the current one is used up.
class record_iterator {
 public:
  explicit record_iterator(query_request r) : request_(std::move(r)) {}
  py::object next() {
    while (pos_ >= rows_.size()) {
      if (done_) throw py::stop_iteration();
      auto [rows, cursor] = ops(request_.kind).page(request_, cursor_);
      rows_ = std::move(rows);
      pos_ = 0;
      cursor_ = std::move(cursor);
      done_ = cursor_.empty();
    }
    return rows_[pos_++];
  }

 private:
  query_request request_;
  py::list rows_;
  std::size_t pos_ = 0;
  std::string cursor_;
  bool done_ = false;
};

void bind_filters(py::module_& m) {
  py::class_<filter>(m, "Filter", "A condition on indexed fields; combine with & and |.")
      .def(py::init<>(), "Holds for every record.")
      .def("__and__", [](const filter& a, const filter& b) { return a && b; })
      .def("__or__", [](const filter& a, const filter& b) { return a || b; });
  py::class_<field>(m, "Field", "A field of the queried kind ('state', 'opened_at', …, or 'id').")
      .def(py::init<std::string>(), py::arg("name"))
      .def("eq", [](const field& f, value v) { return f.eq(std::move(v)); }, py::arg("value"))
      .def("ne", [](const field& f, value v) { return f.ne(std::move(v)); }, py::arg("value"), "Not equal, and not null.")
      .def("lt", &field::lt, py::arg("value"))
      .def("le", &field::le, py::arg("value"))
      .def("gt", &field::gt, py::arg("value"))
      .def("ge", &field::ge, py::arg("value"))
      .def("between", &field::between, py::arg("low"), py::arg("high"), "low <= field <= high.")
      .def("in_", [](const field& f, std::vector<value> vs) { return f.in(std::move(vs)); }, py::arg("values"),
           "One of `values` (not empty).")
      .def("starts_with", &field::starts_with, py::arg("prefix"))
      .def("is_null", &field::is_null)
      .def("is_not_null", &field::is_not_null);
  m.def("field", [](std::string name) { return field(std::move(name)); }, py::arg("name"),
        "itsm.field('state').eq('recorded'): a condition to pass as `where`.");
}

}  // namespace

void bind_queries(py::module_& m, store_class& store) {
  bind_filters(m);
  py::class_<record_iterator>(m, "QueryIterator", "Yields a query's records, one page fetched at a time.")
      .def("__iter__", [](record_iterator& it) -> record_iterator& { return it; })
      .def("__next__", &record_iterator::next);
  py::class_<query_request>(m, "Query", "A query: iterate it for every matching record `who` may see.")
      .def("__iter__", [](const query_request& r) { return record_iterator(r); })
      .def("count", [](const query_request& r) { return ops(r.kind).count(r); }, "How many records match.")
      .def(
          "page",
          [](const query_request& r, const std::string& cursor) { return ops(r.kind).page(r, cursor); },
          py::arg("cursor") = "", "One page: (records, next_cursor); next_cursor is '' after the last page.")
      .def(
          "page_json",
          [](const query_request& r, const std::string& cursor) { return ops(r.kind).page_json(r, cursor); },
          py::arg("cursor") = "", "One page as JSON in the export schema itsm.export/1.");
  store.def(
      "query",
      [](std::shared_ptr<store_handle> s, const actor& who, py::handle kind, py::handle where, std::string order_by,
         bool descending, std::size_t page_size) {
        query_request r{std::move(s), who, kind_name(kind), {}};
        ops(r.kind);  // an unknown kind fails here, not at the first iteration
        r.spec.where = to_filter(where);
        r.spec.order_by = std::move(order_by);
        r.spec.order = descending ? sort_order::descending : sort_order::ascending;
        r.spec.limit = page_size;
        return r;
      },
      py::arg("who"), py::arg("kind"), py::kw_only(), py::arg("where") = py::none(), py::arg("order_by") = "id",
      py::arg("descending") = false, py::arg("page_size") = 50,
      "A paged query over Incident, ServiceRequest, Rfc, ConfigurationItem, Service or Customer. Filters and "
      "order name indexed fields; errors (unknown field, wrong value type) are itsm.InvalidArgument, raised "
      "when the first page is read.");
}

}  // namespace itsm::python
