/**
 * A few counters and histograms in Prometheus' text exposition format (version 0.0.4): enough for one process's
 * own figures without a metrics library. Label values are escaped; series appear in the order first seen.
 */
type Labels = Record<string, string>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const number = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

abstract class Metric {
  protected readonly series = new Map<string, { labels: Labels }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!NAME.test(name)) throw new Error(`metric name ${name}: letters, digits, '_' and ':' only`);
  }

  protected key(labels: Labels): string {
    const extra = Object.keys(labels).filter((k) => !this.labelNames.includes(k));
    const missing = this.labelNames.filter((k) => labels[k] === undefined);
    if (extra.length || missing.length) throw new Error(`metric ${this.name}: labels are ${this.labelNames.join(', ')}; got ${Object.keys(labels).join(', ') || 'none'}`);
    return JSON.stringify(this.labelNames.map((k) => labels[k]));
  }

  protected labelText(labels: Labels, extra: Labels = {}): string {
    const all = [...this.labelNames.map((k) => [k, labels[k]!] as const), ...Object.entries(extra)];
    return all.length ? `{${all.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
  }

  abstract type: string;
  abstract lines(): string[];

  render(): string {
    return [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`, ...this.lines()].join('\n');
  }
}

export class Counter extends Metric {
  readonly type = 'counter';
  protected override readonly series = new Map<string, { labels: Labels; value: number }>();

  inc(labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) throw new Error(`counter ${this.name}: cannot add ${by}`);
    const key = this.key(labels);
    const s = this.series.get(key) ?? { labels, value: 0 };
    s.value += by;
    this.series.set(key, s);
  }

  lines(): string[] {
    return [...this.series.values()].map((s) => `${this.name}${this.labelText(s.labels)} ${number(s.value)}`);
  }
}

export class Histogram extends Metric {
  readonly type = 'histogram';
  protected override readonly series = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();

  constructor(name: string, help: string, labelNames: readonly string[], readonly bounds: readonly number[]) {
    super(name, help, labelNames);
    if (bounds.some((b, i) => i > 0 && b <= bounds[i - 1]!)) throw new Error(`histogram ${name}: bucket bounds must increase`);
  }

  observe(labels: Labels, value: number): void {
    const key = this.key(labels);
    const s = this.series.get(key) ?? { labels, buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
    this.bounds.forEach((bound, i) => {
      if (value <= bound) s.buckets[i]! += 1;
    });
    s.sum += value;
    s.count += 1;
    this.series.set(key, s);
  }

  lines(): string[] {
    return [...this.series.values()].flatMap((s) => [
      ...this.bounds.map((bound, i) => `${this.name}_bucket${this.labelText(s.labels, { le: number(bound) })} ${s.buckets[i]}`),
      `${this.name}_bucket${this.labelText(s.labels, { le: '+Inf' })} ${s.count}`,
      `${this.name}_sum${this.labelText(s.labels)} ${number(s.sum)}`,
      `${this.name}_count${this.labelText(s.labels)} ${s.count}`,
    ]);
  }
}

export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, bounds));
  }

  private add<M extends Metric>(metric: M): M {
    if (this.metrics.some((m) => m.name === metric.name)) throw new Error(`metric ${metric.name} is registered twice`);
    this.metrics.push(metric);
    return metric;
  }

  /** The exposition text, every metric with its HELP and TYPE lines, ending in a newline. */
  render(): string {
    return this.metrics.map((m) => `${m.render()}\n`).join('');
  }
}
