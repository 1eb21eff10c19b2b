/**
 * Compares V8 heap snapshots (`.heapsnapshot`, e.g. from `bench-scale.ts --heap-snapshots DIR`): per constructor
 * (DevTools' "Summary" grouping: an object's constructor name, else the node's type in parentheses), the count and
 * self size in each snapshot, and the retained size (dominator tree) of the largest groups, ordered by growth from the
 * first snapshot to the last. Growth tells what accumulates; retained size in the last tells what holds it.
 *
 *   npx tsx scripts/bench/heap-compare.ts [--top 25] FIRST.heapsnapshot … LAST.heapsnapshot
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

interface Group {
  count: number;
  self: number;
  retained: number;
}

/** Weak edges do not retain; the roots' pseudo edges ('shortcut') neither. */
const NON_RETAINING = new Set(['weak', 'shortcut']);

/** Groups of one snapshot by constructor, with self and retained sizes (retained: of the group's dominating members). */
export function groupsOf(file: string): Map<string, Group> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const { node_fields: nf, node_types: [types], edge_fields: ef, edge_types: [edgeTypes] } = snap.snapshot.meta;
  const N = nf.length;
  const E = ef.length;
  const [typeAt, nameAt, selfAt, edgeCountAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const [edgeTypeAt, toAt] = ['type', 'to_node'].map((f) => ef.indexOf(f));
  const count = snap.nodes.length / N;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0; i < count; i += 1) firstEdge[i + 1] = firstEdge[i]! + snap.nodes[i * N + edgeCountAt!]!;
  const groupKey = (i: number) => {
    const type = types[snap.nodes[i * N + typeAt!]!]!;
    return type === 'object' || type === 'native' ? snap.strings[snap.nodes[i * N + nameAt!]!]! : `(${type})`;
  };
  const retaining = (e: number) => !NON_RETAINING.has(edgeTypes[snap.edges[e * E + edgeTypeAt!]!]!);
  const target = (e: number) => snap.edges[e * E + toAt!]! / N;

  // dominators (Cooper, Harvey, Kennedy) over a depth-first postorder from the root, node 0
  const post = new Int32Array(count).fill(-1);
  const order: number[] = [];
  const stack: [number, number][] = [[0, firstEdge[0]!]];
  const seen = new Uint8Array(count);
  seen[0] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const [node, e] = top;
    if (e < firstEdge[node + 1]!) {
      top[1] += 1;
      if (!retaining(e)) continue;
      const t = target(e);
      if (!seen[t]) {
        seen[t] = 1;
        stack.push([t, firstEdge[t]!]);
      }
    } else {
      post[node] = order.length;
      order.push(node);
      stack.pop();
    }
  }
  const preds: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < count; i += 1) {
    if (post[i] === -1) continue;
    for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += 1) if (retaining(e) && post[target(e)] !== -1) preds[target(e)]!.push(i);
  }
  const idom = new Int32Array(count).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (post[a]! < post[b]!) a = idom[a]!;
      while (post[b]! < post[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = order.length - 2; k >= 0; k -= 1) {
      const node = order[k]!;
      let d = -1;
      for (const p of preds[node]!) if (idom[p] !== -1) d = d === -1 ? p : intersect(p, d);
      if (d !== -1 && idom[node] !== d) {
        idom[node] = d;
        changed = true;
      }
    }
  }
  const retained = new Float64Array(count);
  for (const node of order) retained[node]! += snap.nodes[node * N + selfAt!]!;
  for (const node of order) if (node !== 0) retained[idom[node]!]! += retained[node]!;

  const groups = new Map<string, Group>();
  for (let i = 0; i < count; i += 1) {
    const key = groupKey(i);
    const g = groups.get(key) ?? { count: 0, self: 0, retained: 0 };
    g.count += 1;
    g.self += snap.nodes[i * N + selfAt!]!;
    // a member dominated by another member of its group is counted in that one's retained size already
    let d = idom[i]!;
    while (d > 0 && groupKey(d) !== key) d = idom[d]!;
    if (post[i] !== -1 && d <= 0) g.retained += retained[i]!;
    groups.set(key, g);
  }
  return groups;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)}`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals: files } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  if (files.length < 1) throw new Error('usage: heap-compare.ts [--top N] FIRST.heapsnapshot … LAST.heapsnapshot');
  const all = files.map(groupsOf);
  const first = all[0]!;
  const last = all[all.length - 1]!;
  const total = (g: Map<string, Group>) => [...g.values()].reduce((n, x) => n + x.self, 0);
  console.log(`total self size (MB): ${all.map((g) => mb(total(g))).join(' → ')}  (${files.map((f) => path.basename(f)).join(', ')})`);
  const growth = (key: string) => (last.get(key)?.self ?? 0) - (first.get(key)?.self ?? 0);
  const keys = [...new Set(all.flatMap((g) => [...g.keys()]))];
  const top = Number(values.top);
  console.log(`\nby growth of self size, MB (count) per snapshot; retained MB in the last`);
  for (const key of keys.sort((a, b) => growth(b) - growth(a)).slice(0, top)) {
    console.log(`  ${key.slice(0, 40).padEnd(40)} ${all.map((g) => `${mb(g.get(key)?.self ?? 0)} (${g.get(key)?.count ?? 0})`).join(' → ')}  retained ${mb(last.get(key)?.retained ?? 0)}`);
  }
  console.log(`\nby retained size in the last, MB`);
  for (const [key, g] of [...last].sort((a, b) => b[1].retained - a[1].retained).slice(0, top)) console.log(`  ${key.slice(0, 40).padEnd(40)} ${mb(g.retained)} (self ${mb(g.self)}, ${g.count})`);
}
