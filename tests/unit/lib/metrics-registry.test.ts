import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../../../lib/metrics-registry.js';

describe('MetricsRegistry: Prometheus text format', () => {
  it('counters and histograms with HELP, TYPE, labels, cumulative buckets, sum and count', () => {
    const r = new MetricsRegistry();
    const calls = r.counter('x_calls_total', 'Calls\nmade', ['profile', 'outcome']);
    const wait = r.histogram('x_wait_seconds', 'Wait', ['profile'], [0.1, 1]);
    calls.inc({ profile: 'a', outcome: 'ok' });
    calls.inc({ profile: 'a', outcome: 'ok' }, 2);
    calls.inc({ profile: 'b"\\\n', outcome: 'rate_limited' });
    for (const v of [0.05, 0.5, 3]) wait.observe({ profile: 'a' }, v);
    expect(r.render()).toBe(
      [
        '# HELP x_calls_total Calls\\nmade',
        '# TYPE x_calls_total counter',
        'x_calls_total{profile="a",outcome="ok"} 3',
        'x_calls_total{profile="b\\"\\\\\\n",outcome="rate_limited"} 1',
        '# HELP x_wait_seconds Wait',
        '# TYPE x_wait_seconds histogram',
        'x_wait_seconds_bucket{profile="a",le="0.1"} 1',
        'x_wait_seconds_bucket{profile="a",le="1"} 2',
        'x_wait_seconds_bucket{profile="a",le="+Inf"} 3',
        'x_wait_seconds_sum{profile="a"} 3.55',
        'x_wait_seconds_count{profile="a"} 3',
        '',
      ].join('\n'),
    );
  });

  it('refuses wrong labels, negative increments, bad names, a name twice and unordered buckets', () => {
    const r = new MetricsRegistry();
    const c = r.counter('c_total', 'c', ['profile']);
    expect(() => c.inc({})).toThrow('metric c_total: labels are profile; got none');
    expect(() => c.inc({ profile: 'a', extra: 'x' })).toThrow(/labels are profile; got profile, extra/);
    expect(() => c.inc({ profile: 'a' }, -1)).toThrow('counter c_total: cannot add -1');
    expect(() => r.counter('c_total', 'again')).toThrow('metric c_total is registered twice');
    expect(() => r.counter('bad-name', 'x')).toThrow(/letters, digits/);
    expect(() => r.histogram('h', 'h', [], [1, 1])).toThrow('bucket bounds must increase');
  });
});
