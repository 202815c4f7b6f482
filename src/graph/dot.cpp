#include "itsm/graph/dot.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include "graph_data.hpp"

namespace itsm::graph {

namespace {

using detail::vertex;

// A DOT double-quoted string: backslash and quote escaped, newlines as \n.
void quote(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += c;
    }
  }
  out += '"';
}

std::string_view builtin_type_style(std::string_view type) {
  if (type == "service" || type == "business_service")
    return "shape=ellipse, style=filled, fillcolor=\"#f9e79f\"";
  if (type == "application" || type == "software")
    return "shape=box, style=\"rounded,filled\", fillcolor=\"#d6eaf8\"";
  if (type == "database") return "shape=cylinder, style=filled, fillcolor=\"#d5f5e3\"";
  if (type == "host" || type == "server" || type == "vm" || type == "hypervisor")
    return "shape=box3d, style=filled, fillcolor=\"#e5e8e8\"";
  if (type == "network" || type == "switch" || type == "router")
    return "shape=hexagon, style=filled, fillcolor=\"#fadbd8\"";
  if (type == "storage") return "shape=folder, style=filled, fillcolor=\"#e8daef\"";
  if (type == "redundancy_group") return "shape=doubleoctagon, style=dashed";
  return {};
}

// Other types: a fixed pastel palette, the colour chosen from the type name (stable across runs).
std::string palette_style(std::string_view type) {
  static constexpr std::string_view colours[] = {"#fdebd0", "#d1f2eb", "#ebdef0", "#fcf3cf",
                                                 "#d4e6f1", "#f6ddcc", "#e8f8f5", "#f2d7d5"};
  std::uint32_t h = 2166136261u;
  for (unsigned char c : type) h = (h ^ c) * 16777619u;
  return "shape=box, style=filled, fillcolor=\"" + std::string(colours[h % 8]) + "\"";
}

std::string_view builtin_kind_style(propagation p) {
  switch (p) {
    case propagation::to_source: return "style=solid";
    case propagation::to_target: return "style=solid, arrowhead=diamond";
    case propagation::both: return "style=bold, dir=both";
    case propagation::none: return "style=dotted, color=\"#7f8c8d\"";
    case propagation::quorum: return "style=dashed, arrowhead=empty";
  }
  return "style=solid";
}

void node_line(std::string& out, const detail::graph_data& d, vertex v, node_key center, const dot_options& options,
               const std::vector<node_key>& highlight, std::string_view indent) {
  const std::string& type = d.type_names[d.verts[v].type];
  const auto name = d.name(v);
  std::string label = name.empty() ? std::to_string(d.verts[v].key) : std::string(name);
  if (!type.empty()) label += "\n" + type;
  if (const auto* gi = d.group_of(v)) {
    label += "\n" + std::to_string(gi->required) + " of " + std::to_string(gi->members);
  }
  out += indent;
  quote(out, std::to_string(d.verts[v].key));
  out += " [label=";
  quote(out, label);
  std::string style;
  if (auto it = options.type_styles.find(type); it != options.type_styles.end()) {
    style = it->second;
  } else if (auto b = builtin_type_style(type); !b.empty()) {
    style = b;
  } else {
    style = palette_style(type);
  }
  if (!style.empty()) out += ", " + style;
  if (!(d.verts[v].flags & detail::flag_available)) out += ", fontcolor=\"#922b21\"";
  if (std::binary_search(highlight.begin(), highlight.end(), d.verts[v].key)) {
    out += ", " + options.highlight_style;
  }
  if (d.verts[v].key == center) out += ", peripheries=2";
  out += "];\n";
}

// The digraph of the vertices `vs` (ascending) and the relationships among them. A redundancy
// group is drawn as a cluster holding the group and its members (a member of several groups
// sits in the first).
std::string render(const detail::graph_data& d, std::vector<vertex> vs, node_key center, const dot_options& options) {
  std::sort(vs.begin(), vs.end());
  vs.erase(std::unique(vs.begin(), vs.end()), vs.end());
  const auto allowed = d.kind_filter(options.kinds);
  const auto inside = [&](vertex v) { return std::binary_search(vs.begin(), vs.end(), v); };
  std::vector<node_key> highlight = options.highlight;
  std::sort(highlight.begin(), highlight.end());

  std::string out = "digraph ";
  quote(out, options.graph_name);
  out += " {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n"
         "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  std::map<vertex, std::vector<vertex>> members;  // group -> its members in the map
  std::vector<vertex> placed;
  const auto& q = d.quorum.m_forward;
  for (vertex u : vs)
    for (auto e = q.m_rowstart[u]; e < q.m_rowstart[u + 1]; ++e)
      if (const vertex g = q.m_column[e]; inside(g) && u != g && (allowed.empty() || allowed[q.m_edge_properties[e].kind]) &&
                                          !std::binary_search(placed.begin(), placed.end(), u)) {
        members[g].push_back(u);
        placed.insert(std::upper_bound(placed.begin(), placed.end(), u), u);
      }
  for (const auto& [g, ms] : members) {
    const auto* gi = d.group_of(g);
    out += "  subgraph ";
    quote(out, "cluster_" + std::to_string(d.verts[g].key));
    out += " {\n    label=";
    const auto name = d.name(g).empty() ? std::to_string(d.verts[g].key) : std::string(d.name(g));
    quote(out, name + " (redundancy: " + std::to_string(gi ? gi->required : 0) + " of " +
                   std::to_string(gi ? gi->members : 0) + ")");
    out += ";\n    style=\"dashed,rounded\";\n    color=\"#5d6d7e\";\n";
    node_line(out, d, g, center, options, highlight, "    ");
    for (vertex m : ms) node_line(out, d, m, center, options, highlight, "    ");
    out += "  }\n";
  }
  for (vertex v : vs)
    if (!members.count(v) && !std::binary_search(placed.begin(), placed.end(), v))
      node_line(out, d, v, center, options, highlight, "  ");
  const auto& fw = d.rel.m_forward;
  for (vertex u : vs) {
    for (auto e = fw.m_rowstart[u]; e < fw.m_rowstart[u + 1]; ++e) {
      const auto kind = fw.m_edge_properties[e].kind;
      const vertex v = fw.m_column[e];
      if ((!allowed.empty() && !allowed[kind]) || !inside(v)) continue;
      const auto& rk = d.kinds.kinds()[kind];
      out += "  ";
      quote(out, std::to_string(d.verts[u].key));
      out += " -> ";
      quote(out, std::to_string(d.verts[v].key));
      out += " [label=";
      quote(out, rk.name);
      if (auto it = options.kind_styles.find(rk.name); it != options.kind_styles.end()) {
        out += ", " + it->second;
      } else {
        out += ", ";
        out += builtin_kind_style(rk.failure);
      }
      out += "];\n";
    }
  }
  out += "}\n";
  return out;
}

}  // namespace

std::string to_dot(const graph& g, node_key center, const dot_options& options) {
  const auto& d = g.data();
  std::vector<vertex> vs;
  for (node_key k : g.neighbourhood(center, options.radius, options.kinds)) vs.push_back(d.find(k));
  return render(d, std::move(vs), center, options);
}

std::string dependency_map(const graph& g, node_key root, const dot_options& options) {
  const auto& d = g.data();
  traversal_options t;
  t.kinds = options.kinds;
  std::vector<vertex> vs{d.require(root)};
  for (const auto& r : g.depends_on(root, t)) vs.push_back(d.find(r.key));
  return render(d, std::move(vs), root, options);
}

}  // namespace itsm::graph
