import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../config/settings.js';
import { workerMetrics } from '../../../workers/metrics.js';

describe('ops/grafana-dashboard.json', () => {
  it("queries only metrics the worker exports (medeval's by name; the SDK's by prefix), every panel on the datasource variable", () => {
    const dashboard = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'ops/grafana-dashboard.json'), 'utf8')) as { panels: { title: string; targets: { expr: string; datasource: { uid: string } }[] }[] };
    const exported = new Set([...workerMetrics().registry.render().matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => m[1]));
    const exprs = dashboard.panels.flatMap((p) => p.targets);
    expect(exprs.length).toBeGreaterThanOrEqual(12);
    const used = new Set(exprs.flatMap((t) => [...t.expr.matchAll(/\b(medeval_\w+?)(?:_bucket|_sum|_count)?\b(?=[{[ )])/g)].map((m) => m[1]!)));
    expect([...used].sort()).toEqual([...exported].sort());
    for (const t of exprs) {
      expect(t.datasource.uid).toBe('${datasource}');
      expect(t.expr).toMatch(/job=~"\$job"/);
      expect(t.expr.match(/\(/g)?.length).toBe(t.expr.match(/\)/g)?.length);
    }
  });
});
