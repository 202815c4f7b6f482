// Configuration management (clause 9.1): CI types with typed attributes, CIs, relationships and
// impact, as itsm.CiType, itsm.Attribute, itsm.ConfigurationItem, itsm.Relationship and store.cmdb.
#include <string>

#include "bindings.hpp"

namespace itsm::python {

namespace {

struct cmdb_api : facade {};

value_type value_type_from(const std::string& name) {
  for (auto t : {value_type::null, value_type::boolean, value_type::integer, value_type::real, value_type::text,
                 value_type::time})
    if (to_string(t) == name && t != value_type::null) return t;
  throw error(errc::invalid_argument,
              "attribute type '" + name + "' is not one of boolean, integer, real, text, time");
}

direction direction_from(const std::string& name) {
  if (name == "outgoing") return direction::outgoing;
  if (name == "incoming") return direction::incoming;
  if (name == "both") return direction::both;
  throw error(errc::invalid_argument, "direction '" + name + "' is not one of outgoing, incoming, both");
}

void bind_records(py::module_& m) {
  using model::attribute_def;
  py::class_<attribute_def>(m, "Attribute", "A typed attribute of a CI type and the constraints its values meet (R-9.1-types).")
      .def(py::init([](std::string name, const std::string& type, bool required) {
             return attribute_def{.name = std::move(name), .type = value_type_from(type), .required = required};
           }),
           py::arg("name"), py::arg("type") = "text", py::arg("required") = false,
           "An attribute; type is one of boolean, integer, real, text, time.")
      .def_readwrite("name", &attribute_def::name)
      .def_property(
          "type", [](const attribute_def& a) { return std::string(to_string(a.type)); },
          [](attribute_def& a, const std::string& t) { a.type = value_type_from(t); }, "boolean, integer, real, text or time.")
      .def_readwrite("required", &attribute_def::required)
      .def_readwrite("min", &attribute_def::min, "integer, real: value >= min (None: no bound).")
      .def_readwrite("max", &attribute_def::max, "integer, real: value <= max (None: no bound).")
      .def_readwrite("pattern", &attribute_def::pattern, "text: a glob the whole value must match.")
      .def_readwrite("allowed", &attribute_def::allowed, "text: one of these exactly (empty: any).")
      .def_readwrite("non_empty", &attribute_def::non_empty, "text: not empty or blank.")
      .def("__repr__", [](const attribute_def& a) { return "<itsm.Attribute " + a.name + ">"; });

  py::class_<model::ci_type> type(m, "CiType", "A CI type: the documented definition its CIs follow (R-9.1-types).");
  add_record_protocol<model::ci_type>(type, "CiType");
  type.def_readwrite("name", &model::ci_type::name)
      .def_readonly("revision", &model::ci_type::revision)
      .def_readwrite("parent", &model::ci_type::parent, "The parent type ('' for none); attributes are inherited.")
      .def_readwrite("description", &model::ci_type::description)
      .def_readwrite("attributes", &model::ci_type::attributes, "Own attributes (list of itsm.Attribute).")
      .def_readwrite("relationship_kinds", &model::ci_type::relationship_kinds,
                     "Relationship kinds a CI of this type may have as source.");

  using model::configuration_item;
  py::class_<configuration_item> ci(m, "ConfigurationItem", "A configuration item in the CMDB (R-9.1-attrs).");
  add_record_protocol<configuration_item>(ci, "ConfigurationItem");
  ci.def_readonly("id", &configuration_item::id, "'CI-7'; None until created.")
      .def_readwrite("revision", &configuration_item::revision, "Must be the stored revision to update.")
      .def_readwrite("type", &configuration_item::type)
      .def_readwrite("name", &configuration_item::name, "Unique among live CIs of its type, ignoring case (R-9.1-unique).")
      .def_readwrite("description", &configuration_item::description)
      .def_readwrite("status", &configuration_item::status,
                     "planned, in_development, testing, live, maintenance or retired.")
      .def_readwrite("version", &configuration_item::version)
      .def_readwrite("location", &configuration_item::location)
      .def_readwrite("owner", &configuration_item::owner)
      .def_readwrite("services", &configuration_item::services, "Service ids ('SVC-1') it is part of.")
      .def_readwrite("attributes", &configuration_item::attributes, "Typed attributes per its CI type (a dict).")
      .def_readwrite("media_location", &configuration_item::media_location)
      .def_readwrite("media_checksum", &configuration_item::media_checksum)
      .def_readwrite("asset_tag", &configuration_item::asset_tag)
      .def_readwrite("cost_centre", &configuration_item::cost_centre, "Who bears its costs in the books (R-9.1-finance).")
      .def_readwrite("customer", &configuration_item::customer, "The customer it is dedicated to, or None.");

  using model::relationship;
  py::class_<relationship> rel(m, "Relationship", "A typed relationship source --kind--> target between CIs.");
  rel.def_readonly("id", &relationship::id)
      .def_readonly("revision", &relationship::revision)
      .def_readonly("kind", &relationship::kind, "depends_on, runs_on, hosted_on, uses, part_of, connects_to, …")
      .def_readonly("source", &relationship::source)
      .def_readonly("target", &relationship::target)
      .def_readonly("status", &relationship::status, "active or retired.")
      .def_readonly("description", &relationship::description);
  add_record_protocol<relationship>(rel, "Relationship");

  py::class_<impact_analysis>(m, "Impact", "The blast radius through the CMDB graph (R-9.1-to-change).")
      .def_readonly("cis", &impact_analysis::cis, "Impacted CI ids, the scope excluded.")
      .def_readonly("services", &impact_analysis::services, "Services of the scope and the impact, and those depending on them.")
      .def("__repr__", [](const impact_analysis& i) {
        return "<itsm.Impact " + std::to_string(i.cis.size()) + " CIs, " + std::to_string(i.services.size()) + " services>";
      });
}

}  // namespace

void bind_cmdb(py::module_& m, store_class& store) {
  bind_records(m);
  py::class_<cmdb_api>(m, "Cmdb", "Configuration management (clause 9.1): store.cmdb.")
      .def(
          "define_type",
          [](const cmdb_api& f, const actor& who, model::ci_type t, const std::string& reason, const std::string& ref) {
            return f.system().configuration().define_type(who, std::move(t), options(reason, ref));
          },
          py::arg("who"), py::arg("type"), ITSM_PY_WRITE_ARGS,
          "Creates a CI type or its next version (R-9.1-types). Returns the stored CiType.")
      .def(
          "find_type", [](const cmdb_api& f, const actor& who, const std::string& name) {
            return f.system().configuration().find_type(who, name);
          },
          py::arg("who"), py::arg("name"), "The CiType named `name`, or None.")
      .def(
          "types", [](const cmdb_api& f, const actor& who) { return f.system().configuration().types(who); },
          py::arg("who"), "Every CI type.")
      .def(
          "create",
          [](const cmdb_api& f, const actor& who, model::configuration_item draft, const std::string& reason,
             const std::string& ref) { return f.system().configuration().create(who, std::move(draft), options(reason, ref)); },
          py::arg("who"), py::arg("ci"), ITSM_PY_WRITE_ARGS,
          "Creates a CI (id assigned). Rules: R-9.1-types, R-9.1-unique, R-9.1-attrs.")
      .def(
          "update",
          [](const cmdb_api& f, const actor& who, const model::configuration_item& edited, const std::string& reason,
             const std::string& ref) { return f.system().configuration().update(who, edited, options(reason, ref)); },
          py::arg("who"), py::arg("ci"), ITSM_PY_WRITE_ARGS,
          "Stores the next version; ci.revision must be the stored one (else itsm.Conflict).")
      .def(
          "retire",
          [](const cmdb_api& f, const actor& who, ci_id id, const std::string& reason, const std::string& ref) {
            return f.system().configuration().retire(who, id, options(reason, ref));
          },
          py::arg("who"), py::arg("ci"), ITSM_PY_WRITE_ARGS, "Retires the CI and its active relationships.")
      .def(
          "check_create",
          [](const cmdb_api& f, const actor& who, const model::configuration_item& draft, const std::string& ref) {
            return violation_list(f.system().configuration().check_create(who, draft, ref));
          },
          py::arg("who"), py::arg("ci"), py::arg("reference") = "",
          "The (rule, message) pairs create() would meet, without writing anything.")
      .def(
          "find", [](const cmdb_api& f, const actor& who, ci_id id) { return f.system().configuration().find(who, id); },
          py::arg("who"), py::arg("ci"), "The CI, or None when absent or not visible to `who`.")
      .def(
          "find_by_name",
          [](const cmdb_api& f, const actor& who, const std::string& type, const std::string& name) {
            return f.system().configuration().find_by_name(who, type, name);
          },
          py::arg("who"), py::arg("type"), py::arg("name"), "The live CI of `type` with that name (any case), or None.")
      .def(
          "list",
          [](const cmdb_api& f, const actor& who, const std::string& type) {
            return f.system().configuration().list(who, type);
          },
          py::arg("who"), py::arg("type") = "", "Every CI (of `type`, when given). For large stores use store.query().")
      .def(
          "relate",
          [](const cmdb_api& f, const actor& who, ci_id source, const std::string& kind, ci_id target,
             const std::string& reason, const std::string& ref) {
            return f.system().configuration().relate(who, source, kind, target, options(reason, ref));
          },
          py::arg("who"), py::arg("source"), py::arg("kind"), py::arg("target"), ITSM_PY_WRITE_ARGS,
          "Relates two live CIs with a catalogued kind (R-9.1-attrs, R-9.1-types).")
      .def(
          "unrelate",
          [](const cmdb_api& f, const actor& who, relationship_id id, const std::string& reason, const std::string& ref) {
            return f.system().configuration().unrelate(who, id, options(reason, ref));
          },
          py::arg("who"), py::arg("relationship"), ITSM_PY_WRITE_ARGS, "Retires a relationship.")
      .def(
          "relationships",
          [](const cmdb_api& f, const actor& who, ci_id id, const std::string& dir, bool include_retired) {
            return f.system().configuration().relationships(who, id, direction_from(dir), include_retired);
          },
          py::arg("who"), py::arg("ci"), py::arg("direction") = "both", py::arg("include_retired") = false,
          "Relationships of a CI: direction is outgoing, incoming or both.")
      .def(
          "impact",
          [](const cmdb_api& f, const actor& who, const std::vector<ci_id>& cis, const std::vector<service_id>& services) {
            return f.system().changes().impact_of(who, cis, services);
          },
          py::arg("who"), py::arg("cis"), py::arg("services") = std::vector<service_id>{},
          "What failing or changing these CIs (and services) impacts, through the CMDB graph.");
  store.def_property_readonly(
      "cmdb", [](std::shared_ptr<store_handle> s) { return cmdb_api{{std::move(s)}}; },
      "Configuration management: CI types, CIs, relationships, impact.");
}

}  // namespace itsm::python
