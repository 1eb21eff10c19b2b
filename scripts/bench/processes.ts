/**
 * What the scale benchmarks measure of their processes and workflows: resident memory from /proc (the course over a
 * run and the kernel's peak), and every workflow run of a campaign with its history length.
 */
import { readFileSync } from 'node:fs';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';

/** kB from a /proc/<pid>/status line such as `VmRSS:   123456 kB`. */
export function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]);
}

export const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

/**
 * RSS of named processes once a second: its course over a run tells steady growth (a leak) from a plateau. The
 * peak is the kernel's high-water mark (VmHWM), which also catches a spike between two samples.
 */
export class RssSampler {
  private readonly samples = new Map<string, number[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pids: Readonly<Record<string, number>>) {
    for (const [name, pid] of Object.entries(pids)) this.samples.set(name, [procStatusKb(pid, 'VmRSS')]);
  }

  start(everyMs = 1_000): void {
    this.timer = setInterval(() => {
      for (const [name, pid] of Object.entries(this.pids)) this.samples.get(name)!.push(procStatusKb(pid, 'VmRSS'));
    }, everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** RSS at a share of the run (0: start, 1: end). */
  at(name: string, share: number): number {
    const course = this.samples.get(name) ?? [];
    return course[Math.round(share * (course.length - 1))] ?? 0;
  }

  /** `start, ¼, ½, ¾, end` of one process. */
  course(name: string): string {
    return [0, 0.25, 0.5, 0.75, 1].map((s) => mb(this.at(name, s))).join(', ');
  }

  peakKb(name: string): number {
    return procStatusKb(this.pids[name]!, 'VmHWM');
  }

  names(): string[] {
    return Object.keys(this.pids);
  }
}

/** Every run of the campaign's workflows once visibility has caught up: none running and the count steady. */
export async function closedRuns(client: Client, campaignId: string): Promise<WorkflowExecutionInfo[]> {
  let previous = -1;
  for (;;) {
    const runs: WorkflowExecutionInfo[] = [];
    for await (const e of client.workflow.list({ query: `MedevalCampaignId = '${campaignId}'` })) runs.push(e);
    if (runs.length === previous && runs.every((r) => r.status.name !== 'RUNNING')) return runs;
    previous = runs.length;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Per workflow type: how many runs, and the largest and mean history length (events). */
export function historiesByType(runs: readonly WorkflowExecutionInfo[]): { type: string; runs: number; max: number; mean: number }[] {
  const byType = new Map<string, number[]>();
  for (const r of runs) byType.set(r.type, [...(byType.get(r.type) ?? []), r.historyLength]);
  return [...byType].map(([type, lengths]) => ({ type, runs: lengths.length, max: Math.max(...lengths), mean: lengths.reduce((a, b) => a + b, 0) / lengths.length }));
}
