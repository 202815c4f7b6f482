// bench/run impact [--quick]
//
// impact.bfs  — reachability on a uniform random digraph (1,000,000 CIs, 5,000,000 depends_on
//               relationships, fixed seed): the library's impact() query against a plain
//               hand-written CSR BFS (std::vector<bool> visited, FIFO vector) over the same edges,
//               in the same run. Both must reach the same number of CIs.
// impact.cmdb — a layered CMDB of 1,000,000 CIs (datacentres, racks, redundant switch and power
//               pairs, storage, hypervisors, VMs, application instances in k-of-n clusters,
//               services using clusters and other services); 10,000 impact queries from random
//               failed CIs, against a hand-written CSR impact walk with the same k-of-n arithmetic.
// impact.live — the same CMDB through the library (sms on a SQLite file, imported in one batch),
//               then 1,000 interleaved writes (CI updates, CI creates, relationships), each
//               followed by a snapshot of the live graph: the graph's update cost per committed
//               write. Then 10,000 impact queries on the last snapshot, against a graph built
//               from scratch with the same content (what each write cost before snapshots were
//               incremental) and the same queries on it; answers must agree.
// --quick: 20,000 CIs / 100,000 relationships; 20,000 CIs / 1,000 queries; 20,000 CIs / 1,000
// writes / 1,000 queries.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "itsm/graph/builder.hpp"
#include "itsm/graph/graph.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/sqlite.hpp"

namespace {

using itsm::bench::seconds_since;
using itsm::bench::splitmix64;

using clock_type = std::chrono::steady_clock;
using itsm::graph::node_key;



// The reference: a plain CSR (row offsets + targets) built by counting sort.
struct ref_csr {
  std::vector<std::uint32_t> offset, target;
  ref_csr(std::size_t n, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges)
      : offset(n + 1, 0), target(edges.size()) {
    for (const auto& e : edges) ++offset[e.first + 1];
    for (std::size_t i = 0; i < n; ++i) offset[i + 1] += offset[i];
    std::vector<std::uint32_t> fill(offset.begin(), offset.end() - 1);
    for (const auto& e : edges) target[fill[e.first]++] = e.second;
  }
};

// Plain BFS; returns the number of vertices reached (root included), counts edges examined.
std::size_t ref_bfs(const ref_csr& g, std::uint32_t root, std::vector<bool>& seen,
                    std::vector<std::uint32_t>& queue, std::uint64_t& edges) {
  seen.assign(g.offset.size() - 1, false);
  queue.clear();
  queue.push_back(root);
  seen[root] = true;
  edges = 0;
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::uint32_t u = queue[head];
    edges += g.offset[u + 1] - g.offset[u];
    for (std::uint32_t e = g.offset[u]; e < g.offset[u + 1]; ++e) {
      const std::uint32_t v = g.target[e];
      if (!seen[v]) {
        seen[v] = true;
        queue.push_back(v);
      }
    }
  }
  return queue.size();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double percentile(std::vector<double>& sorted, double p) {
  const auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

int bench_bfs(bool quick) {
  const std::uint32_t n = quick ? 20000 : 1000000;
  const std::uint32_t m = quick ? 100000 : 5000000;
  splitmix64 rng{0x1234ABCDull};
  std::vector<std::pair<std::uint32_t, std::uint32_t>> deps(m);  // (from, to): from depends_on to
  for (auto& e : deps) {
    e.first = rng.below(n);
    e.second = rng.below(n);
  }

  auto t0 = clock_type::now();
  itsm::graph::builder b;
  b.reserve(n, m);
  for (std::uint32_t i = 0; i < n; ++i) {
    itsm::graph::node nd;
    nd.key = i + 1;
    nd.type = "host";
    b.add_node(std::move(nd));
  }
  std::size_t distinct = 0;
  itsm::graph::edge e;
  e.kind = "depends_on";
  for (const auto& [from, to] : deps) {
    e.from = from + 1;
    e.to = to + 1;
    distinct += b.add_edge(e);
  }
  const double load_s = seconds_since(t0);
  t0 = clock_type::now();
  const auto g = b.build();
  const double build_s = seconds_since(t0);

  // The reference walks the impact direction: a failure of `to` reaches `from`. Duplicate
  // relationships are dropped as the builder drops them, so both walk the same edge set.
  std::sort(deps.begin(), deps.end());
  deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> impact_edges;
  impact_edges.reserve(deps.size());
  for (const auto& [from, to] : deps) impact_edges.emplace_back(to, from);
  std::vector<std::pair<std::uint32_t, std::uint32_t>>().swap(deps);
  // Shuffle back into arrival order is unnecessary: the counting sort groups rows either way.
  const ref_csr ref(n, impact_edges);
  std::vector<std::pair<std::uint32_t, std::uint32_t>>().swap(impact_edges);

  std::vector<bool> seen;
  std::vector<std::uint32_t> queue;
  queue.reserve(n);
  std::uint64_t edges = 0;
  std::uint32_t root = 0;
  std::size_t ref_reach = 0;
  for (; root < n; ++root) {  // the first CI whose failure reaches at least half the graph
    ref_reach = ref_bfs(ref, root, seen, queue, edges);
    if (ref_reach * 2 >= n) break;
  }
  if (root == n) {
    std::fprintf(stderr, "impact.bfs: no root reaches half the graph\n");
    return 1;
  }

  const int runs = quick ? 7 : 5;
  std::vector<double> lib_t, ref_t;
  std::size_t lib_reach = 0;
  for (int r = 0; r < runs; ++r) {
    auto s = clock_type::now();
    const auto result = g.impact({static_cast<node_key>(root) + 1});
    lib_t.push_back(seconds_since(s));
    lib_reach = result.impacted.size() + 1;
    s = clock_type::now();
    ref_reach = ref_bfs(ref, root, seen, queue, edges);
    ref_t.push_back(seconds_since(s));
  }
  if (lib_reach != ref_reach) {
    std::fprintf(stderr, "impact.bfs: reach differs: library %zu, reference %zu\n", lib_reach,
                 ref_reach);
    return 1;
  }
  const double lib_eps = static_cast<double>(edges) / median(lib_t);
  const double ref_eps = static_cast<double>(edges) / median(ref_t);
  std::printf(
      "BENCH impact.bfs edges_per_s=%.0f ref_edges_per_s=%.0f ratio=%.2f nodes=%u edges=%zu "
      "reach=%zu edges_walked=%llu lib_ms=%.2f ref_ms=%.2f load_s=%.2f build_s=%.2f "
      "bytes_per_ci=%.0f\n",
      lib_eps, ref_eps, lib_eps / ref_eps, n, distinct, lib_reach,
      static_cast<unsigned long long>(edges), median(lib_t) * 1e3, median(ref_t) * 1e3, load_s,
      build_s, static_cast<double>(g.memory_bytes()) / n);
  return 0;
}

// ---- impact.cmdb -------------------------------------------------------------------------------

struct cmdb {
  std::vector<itsm::graph::node> nodes;
  std::vector<itsm::graph::edge> edges;  // member_of edges included
  std::vector<std::pair<node_key, std::uint32_t>> group_k;
};

// A layered CMDB of about `target` CIs. Per rack (about 490 CIs): 2 ToR switches (1 of 2), 2 PDUs
// (1 of 2), 16 hypervisors (each on the rack, the ToR pair, the PDU pair and the block's storage
// array), 12 VMs per hypervisor, one application instance per VM; instances form clusters of 2–4
// members placed anywhere in the fleet (k = n − 1, or 1 of 2); services depend on 1–3 clusters,
// use a database cluster and sometimes another service. Racks sit in 4 datacentres, each with a
// redundant core switch pair; one storage array per 10 racks.
cmdb make_cmdb(std::size_t target, std::uint64_t seed) {
  cmdb c;
  splitmix64 rng{seed};
  node_key next = 1;
  const auto add = [&](const char* type, const char* prefix, bool service = false) {
    itsm::graph::node n;
    n.key = next++;
    n.type = type;
    n.name = std::string(prefix) + "-" + std::to_string(n.key);
    n.service = service;
    c.nodes.push_back(std::move(n));
    return c.nodes.back().key;
  };
  const auto link = [&](node_key from, const char* kind, node_key to) {
    c.edges.push_back(itsm::graph::edge{from, to, kind, 0});
  };
  const auto group = [&](const char* prefix, std::uint32_t k, const std::vector<node_key>& members) {
    const node_key g = add("redundancy_group", prefix);
    c.group_k.emplace_back(g, k);
    c.nodes.back().required_members = k;
    for (auto m : members) link(m, "member_of", g);
    return g;
  };

  const std::size_t per_rack = 490;
  const std::size_t racks = std::max<std::size_t>(1, target / per_rack);
  std::vector<node_key> dcs, cores;
  for (int d = 0; d < 4; ++d) {
    const node_key dc = add("datacenter", "dc");
    dcs.push_back(dc);
    const node_key a = add("switch", "core"), b = add("switch", "core");
    link(a, "hosted_on", dc);
    link(b, "hosted_on", dc);
    cores.push_back(group("core-pair", 1, {a, b}));
  }
  std::vector<node_key> apps;
  node_key storage = 0;
  for (std::size_t r = 0; r < racks; ++r) {
    const std::size_t d = r % dcs.size();
    if (r % 10 == 0) {
      storage = add("storage", "array");
      link(storage, "hosted_on", dcs[d]);
    }
    const node_key rack = add("rack", "rack");
    link(rack, "hosted_on", dcs[d]);
    const node_key t1 = add("switch", "tor"), t2 = add("switch", "tor");
    for (auto t : {t1, t2}) {
      link(t, "hosted_on", rack);
      link(t, "depends_on", cores[d]);
    }
    const node_key tor = group("tor-pair", 1, {t1, t2});
    const node_key p1 = add("pdu", "pdu"), p2 = add("pdu", "pdu");
    link(p1, "hosted_on", rack);
    link(p2, "hosted_on", rack);
    const node_key power = group("power-pair", 1, {p1, p2});
    for (int h = 0; h < 16; ++h) {
      const node_key hv = add("hypervisor", "hv");
      link(hv, "hosted_on", rack);
      link(hv, "depends_on", tor);
      link(hv, "depends_on", power);
      link(hv, "uses", storage);
      for (int v = 0; v < 12; ++v) {
        const node_key vm = add("vm", "vm");
        link(vm, "runs_on", hv);
        const node_key app = add("application", "app");
        link(app, "runs_on", vm);
        apps.push_back(app);
      }
    }
  }
  // Clusters of instances drawn from the whole fleet (shuffled), then services on clusters.
  for (std::size_t i = apps.size(); i > 1; --i) std::swap(apps[i - 1], apps[rng.below(i)]);
  std::vector<node_key> clusters;
  for (std::size_t i = 0; i < apps.size();) {
    const std::size_t size = std::min<std::size_t>(2 + rng.below(3), apps.size() - i);
    std::vector<node_key> members(apps.begin() + static_cast<std::ptrdiff_t>(i),
                                  apps.begin() + static_cast<std::ptrdiff_t>(i + size));
    i += size;
    const auto k = static_cast<std::uint32_t>(size <= 2 ? 1 : size - 1);
    clusters.push_back(group("cluster", k, members));
  }
  std::vector<node_key> services;
  for (std::size_t i = 0; i + 3 <= clusters.size(); i += 3) {
    const node_key s = add("service", "svc", true);
    const std::uint32_t uses = 1 + rng.below(3);
    for (std::uint32_t u = 0; u < uses; ++u) link(s, "depends_on", clusters[i + u]);
    link(s, "uses", clusters[rng.below(clusters.size())]);
    if (!services.empty() && rng.below(10) == 0) {
      link(s, "depends_on", services[rng.below(services.size())]);  // only older: no cycles
    }
    services.push_back(s);
  }
  return c;
}

// Reference impact walk: plain CSR in the impact direction, member → group counters, visited
// bytes and counters reset through the touched lists (no O(n) clear per query). Like the library
// it returns every impacted CI with its depth.
struct ref_hit {
  node_key key;
  std::uint32_t depth;
};

struct ref_impact {
  ref_csr plain;
  ref_csr member;  // member vertex → group vertex
  std::vector<std::uint32_t> required, available0;  // per vertex (groups only meaningful)
  std::vector<std::uint8_t> seen;
  std::vector<std::uint32_t> lost;
  std::vector<std::uint32_t> queue, depth, touched_groups;

  std::vector<ref_hit> run(std::uint32_t root) {
    queue.clear();
    depth.clear();
    queue.push_back(root);
    depth.push_back(0);
    seen[root] = 1;
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const std::uint32_t u = queue[head], du = depth[head] + 1;
      for (std::uint32_t e = plain.offset[u]; e < plain.offset[u + 1]; ++e) {
        const std::uint32_t v = plain.target[e];
        if (!seen[v]) {
          seen[v] = 1;
          queue.push_back(v);
          depth.push_back(du);
        }
      }
      for (std::uint32_t e = member.offset[u]; e < member.offset[u + 1]; ++e) {
        const std::uint32_t gv = member.target[e];
        if (seen[gv]) continue;
        if (lost[gv]++ == 0) touched_groups.push_back(gv);
        if (available0[gv] - std::min(available0[gv], lost[gv]) < required[gv]) {
          seen[gv] = 1;
          queue.push_back(gv);
          depth.push_back(du);
        }
      }
    }
    std::vector<ref_hit> out;
    out.reserve(queue.size() - 1);
    for (std::size_t i = 1; i < queue.size(); ++i) out.push_back({queue[i] + node_key{1}, depth[i]});
    for (auto v : queue) seen[v] = 0;
    for (auto gv : touched_groups) lost[gv] = 0;
    touched_groups.clear();
    return out;
  }
};

// Same CIs at the same depths (order within a depth may differ).
bool same_hits(const std::vector<itsm::graph::reached_ci>& lib, std::vector<ref_hit> ref) {
  if (lib.size() != ref.size()) return false;
  std::vector<std::pair<node_key, std::uint32_t>> a, b;
  for (const auto& x : lib) a.emplace_back(x.key, x.depth);
  for (const auto& x : ref) b.emplace_back(x.key, x.depth);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

int bench_cmdb(bool quick) {
  const std::size_t target = quick ? 20000 : 1000000;
  const std::size_t queries = quick ? 1000 : 10000;
  const cmdb c = make_cmdb(target, 0xC3DB2024ull);

  auto t0 = clock_type::now();
  itsm::graph::builder b;
  b.reserve(c.nodes.size(), c.edges.size());
  for (const auto& n : c.nodes) b.add_node(n);
  for (const auto& e : c.edges) b.add_edge(e);
  const double load_s = seconds_since(t0);
  t0 = clock_type::now();
  const auto g = b.build();
  const double build_s = seconds_since(t0);

  // Reference structures: keys are 1..n, so vertex = key - 1.
  const std::size_t n = c.nodes.size();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> plain, members;
  for (const auto& e : c.edges) {
    const auto from = static_cast<std::uint32_t>(e.from - 1), to = static_cast<std::uint32_t>(e.to - 1);
    if (e.kind == "member_of") {
      members.emplace_back(from, to);
    } else {
      plain.emplace_back(to, from);  // every other kind used here propagates to the source
    }
  }
  ref_impact ref{ref_csr(n, plain), ref_csr(n, members), {}, {}, {}, {}, {}, {}, {}};
  ref.required.assign(n, 0);
  ref.available0.assign(n, 0);
  for (const auto& [key, k] : c.group_k) ref.required[static_cast<std::size_t>(key - 1)] = k;
  for (const auto& [m, gv] : members) ++ref.available0[gv];
  ref.seen.assign(n, 0);
  ref.lost.assign(n, 0);

  splitmix64 rng{0xFA11EDull};
  std::vector<node_key> failed(queries);
  for (auto& f : failed) f = static_cast<node_key>(rng.below(n)) + 1;

  std::vector<double> lib_us, ref_us;
  lib_us.reserve(queries);
  ref_us.reserve(queries);
  std::size_t mismatches = 0, impacted_total = 0, largest = 0;
  for (const node_key f : failed) {
    auto s = clock_type::now();
    const auto r = g.impact({f});
    lib_us.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - s).count());
    s = clock_type::now();
    const auto expected = ref.run(static_cast<std::uint32_t>(f - 1));
    ref_us.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - s).count());
    mismatches += !same_hits(r.impacted, expected);
    impacted_total += r.impacted.size();
    largest = std::max(largest, r.impacted.size());
  }
  if (mismatches) {
    std::fprintf(stderr, "impact.cmdb: %zu of %zu queries differ from the reference\n", mismatches,
                 queries);
    return 1;
  }
  std::sort(lib_us.begin(), lib_us.end());
  std::sort(ref_us.begin(), ref_us.end());
  const double p99 = percentile(lib_us, 0.99), ref_p99 = percentile(ref_us, 0.99);
  std::printf(
      "BENCH impact.cmdb p50_us=%.2f p99_us=%.2f build_s=%.2f bytes_per_ci=%.0f ref_p50_us=%.2f "
      "ref_p99_us=%.2f ratio=%.2f max_us=%.1f cis=%zu relationships=%zu queries=%zu "
      "mean_impacted=%.1f max_impacted=%zu load_s=%.2f\n",
      percentile(lib_us, 0.5), p99, build_s, static_cast<double>(g.memory_bytes()) / n,
      percentile(ref_us, 0.5), ref_p99, ref_p99 / p99, lib_us.back(), n, c.edges.size(), queries,
      static_cast<double>(impacted_total) / static_cast<double>(queries), largest, load_s);
  return 0;
}


// ---- impact.live -------------------------------------------------------------------------------

using namespace itsm;

const actor carla{"carla", {std::string(roles::configuration_manager)}};

void define_types(configuration_management& conf) {
  const std::vector<std::pair<const char*, std::vector<std::string>>> types{
      {"datacenter", {}},
      {"switch", {"hosted_on", "depends_on", "member_of"}},
      {"storage", {"hosted_on"}},
      {"rack", {"hosted_on"}},
      {"pdu", {"hosted_on", "member_of"}},
      {"hypervisor", {"hosted_on", "depends_on", "uses"}},
      {"vm", {"runs_on"}},
      {"application", {"runs_on", "member_of"}},
      {"service", {"depends_on", "uses"}}};
  for (const auto& [name, kinds] : types) conf.define_type(carla, model::ci_type{name, 0, "", name, {}, kinds});
  conf.define_type(carla, model::ci_type{"redundancy_group", 0, "", "k of n",
                                         {{"required_members", value_type::integer, true}}, {}});
}

// The CMDB as the import's two CSV texts (endpoints named by type and name).
import_source csv_of(const cmdb& c) {
  import_source src;
  std::vector<const itsm::graph::node*> by_key(c.nodes.size() + 1);
  src.cis_csv = "type,name,status,required_members\n";
  for (const auto& n : c.nodes) {
    by_key[static_cast<std::size_t>(n.key)] = &n;
    src.cis_csv += n.type + "," + n.name + ",live," + (n.required_members ? std::to_string(n.required_members) : "") + "\n";
  }
  src.relationships_csv = "source_type,source,kind,target_type,target\n";
  for (const auto& e : c.edges) {
    const auto& a = *by_key[static_cast<std::size_t>(e.from)];
    const auto& b = *by_key[static_cast<std::size_t>(e.to)];
    src.relationships_csv += a.type + "," + a.name + "," + e.kind + "," + b.type + "," + b.name + "\n";
  }
  return src;
}

// The reference: the same content read through the library, built from scratch.
itsm::graph::graph from_scratch(sms& system, double& build_us) {
  itsm::graph::builder b(itsm::graph::kind_table::of(system.policies().relationship_kinds(carla)));
  for (const auto& ci : system.configuration().list(carla)) {
    itsm::graph::node n{ci.id.number(), ci.type, ci.name, false, true, 0};
    if (const auto it = ci.attributes.find("required_members"); it != ci.attributes.end())
      n.required_members = static_cast<std::uint32_t>(it->second.as_int());
    b.put_node(std::move(n));
  }
  for (const auto& r : system.configuration().all_relationships(carla))
    b.add_edge({r.source.number(), r.target.number(), r.kind, r.id.number()});
  const auto t0 = clock_type::now();
  auto g = b.build();
  build_us = seconds_since(t0) * 1e6;
  return g;
}

// Removes the SQLite file with its WAL and shared-memory files (each run left 70 MB in /tmp).
struct temp_store {
  std::filesystem::path file;
  ~temp_store() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
  }
};

int bench_live(bool quick) {
  const std::size_t target = quick ? 20000 : 1000000;
  const std::size_t writes = 1000;
  const std::size_t queries = quick ? 1000 : 10000;
  const cmdb c = make_cmdb(target, 0xC3DB2024ull);
  const auto file = std::filesystem::temp_directory_path() / ("itsm-impact-live-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(file);
  const temp_store cleanup{file};  // declared before the sms, so removed after it has closed
  sms system(storage::make_sqlite_backend(file.string()), sms_options{});
  auto& conf = system.configuration();
  define_types(conf);
  auto t0 = clock_type::now();
  const auto plan = conf.import_csv(carla, csv_of(c));
  const double import_s = seconds_since(t0);
  if (!plan.refusals.empty()) {
    std::fprintf(stderr, "impact.live: import refused row %zu: %s\n", plan.refusals[0].row,
                 plan.refusals[0].why.message.c_str());
    return 1;
  }
  std::vector<ci_id> hypervisors, vms;
  for (const auto& p : plan.cis) {
    if (p.type == "hypervisor") hypervisors.push_back(p.id);
    if (p.type == "vm") vms.push_back(p.id);
  }
  t0 = clock_type::now();
  (void)conf.graph(carla);  // the first snapshot builds the graph from the store
  const double first_s = seconds_since(t0);

  // Writes: update a VM, create a VM, run the new VM on a hypervisor, move a VM to one more host.
  splitmix64 rng{0x11FEull};
  std::vector<double> update_us;
  itsm::graph::graph live;
  ci_id fresh{};
  for (std::size_t w = 0; w < writes; ++w) {
    switch (w % 4) {
      case 0: {
        auto ci = conf.find(carla, vms[rng.below(vms.size())]).value();
        ci.description = "resized in round " + std::to_string(w);
        conf.update(carla, ci);
        break;
      }
      case 1: {
        model::configuration_item vm;
        vm.type = "vm";
        vm.name = "vm-new-" + std::to_string(w);
        vm.status = model::ci_status::live;
        fresh = conf.create(carla, vm).id;
        break;
      }
      case 2: conf.relate(carla, fresh, "runs_on", hypervisors[rng.below(hypervisors.size())]); break;
      default: conf.relate(carla, vms[rng.below(vms.size())], "runs_on", fresh); break;  // a nested VM
    }
    const auto s0 = clock_type::now();
    live = conf.graph(carla);
    update_us.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - s0).count());
  }

  double rebuild_us = 0;
  const auto ref = from_scratch(system, rebuild_us);
  std::vector<node_key> failed(queries);
  for (auto& f : failed) f = plan.cis[rng.below(plan.cis.size())].id.number();
  std::vector<double> lib_us, ref_us;
  std::size_t mismatches = 0;
  for (const node_key f : failed) {
    auto s0 = clock_type::now();
    const auto r = live.impact({f});
    lib_us.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - s0).count());
    s0 = clock_type::now();
    const auto want = ref.impact({f});
    ref_us.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - s0).count());
    std::vector<ref_hit> expected;
    for (const auto& x : want.impacted) expected.push_back({x.key, x.depth});
    mismatches += !same_hits(r.impacted, expected);
  }
  if (mismatches || live.node_count() != ref.node_count() || live.edge_count() != ref.edge_count()) {
    std::fprintf(stderr, "impact.live: %zu of %zu queries (or the counts) differ from the graph built from scratch\n",
                 mismatches, queries);
    return 1;
  }
  std::sort(lib_us.begin(), lib_us.end());
  std::sort(ref_us.begin(), ref_us.end());
  std::vector<double> sorted_updates = update_us;
  std::sort(sorted_updates.begin(), sorted_updates.end());
  double update_mean = 0;
  for (const double u : update_us) update_mean += u;
  update_mean /= static_cast<double>(update_us.size());
  std::printf(
      "BENCH impact.live cis=%zu relationships=%zu writes=%zu queries=%zu p50_us=%.2f p99_us=%.2f "
      "update_mean_us=%.1f update_p50_us=%.1f update_p99_us=%.1f ref=from_scratch_build ref_build_us=%.0f "
      "update_ratio=%.0f ref_p50_us=%.2f ref_p99_us=%.2f p99_ratio=%.2f import_s=%.1f first_snapshot_s=%.2f\n",
      live.node_count(), live.edge_count(), writes, queries, percentile(lib_us, 0.5), percentile(lib_us, 0.99),
      update_mean, percentile(sorted_updates, 0.5), percentile(sorted_updates, 0.99), rebuild_us,
      rebuild_us / update_mean, percentile(ref_us, 0.5), percentile(ref_us, 0.99),
      percentile(ref_us, 0.99) / percentile(lib_us, 0.99), import_s, first_s);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "bfs") == 0 || std::strcmp(argv[i], "cmdb") == 0 ||
               std::strcmp(argv[i], "live") == 0) {
      only = argv[i];
    } else {
      std::fprintf(stderr, "usage: bench_impact [--quick] [bfs|cmdb|live]\n");
      return 2;
    }
  }
  int rc = 0;
  if (only.empty() || only == "bfs") rc |= bench_bfs(quick);
  if (only.empty() || only == "cmdb") rc |= bench_cmdb(quick);
  if (only.empty() || only == "live") rc |= bench_live(quick);
  return rc;
}
