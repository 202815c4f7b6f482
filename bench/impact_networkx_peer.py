#!/usr/bin/env python3
"""NetworkX peer of impact.bfs, for scale (not run by bench/run).

Builds the same random digraph as bench/impact_bench.cpp (same splitmix64 stream, same sizes,
duplicates dropped), picks the same root (the first CI whose failure reaches at least half the
graph) and times NetworkX's BFS reachability from it. Needs python3-networkx (Debian).

    python3 bench/impact_networkx_peer.py [--quick]
prints
    BENCH impact.networkx edges_per_s=... reach=... edges_walked=... ms=...
Compare reach with the `reach=` of `bench/run impact [--quick]`: they must be equal.
"""
import sys
import time

import networkx as nx

MASK = (1 << 64) - 1


def splitmix64(seed):
    state = seed
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def main():
    quick = "--quick" in sys.argv[1:]
    n, m = (20_000, 100_000) if quick else (1_000_000, 5_000_000)
    rnd = splitmix64(0x1234ABCD)
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    edges = []
    for _ in range(m):
        frm = next(rnd) % n
        to = next(rnd) % n
        edges.append((to, frm))  # frm depends_on to: a failure of `to` reaches `frm`
    g.add_edges_from(edges)
    del edges

    def reach(root):
        return 1 + sum(1 for _ in nx.bfs_edges(g, root))

    root = 0
    while root < n and reach(root) * 2 < n:
        root += 1
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        seen = {root}
        seen.update(v for _, v in nx.bfs_edges(g, root))
        runs.append(time.perf_counter() - t0)
    runs.sort()
    t = runs[len(runs) // 2]
    walked = sum(g.out_degree(v) for v in seen)
    print(f"BENCH impact.networkx edges_per_s={walked / t:.0f} reach={len(seen)} "
          f"edges_walked={walked} ms={t * 1e3:.1f} root={root} networkx={nx.__version__}")


if __name__ == "__main__":
    main()
