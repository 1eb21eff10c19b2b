import type { Client } from '@temporalio/client';
// a CommonJS package: Node's ESM loader offers only its default export
import proto from '@temporalio/proto';
import { ORCHESTRATION_QUEUE, providerQueue } from './keys.js';

const { temporal } = proto;

/** A poller seen this recently is a live worker (an idle one renews its long poll about once a minute). */
const LIVE_POLLER_MS = 120_000;

export interface QueueNeed {
  queue: string;
  kind: 'workflow' | 'activity';
  /** what the queue is for, in the warning */
  what: string;
}

/** The queues a campaign needs polled: the orchestration queue and one per provider profile it calls. */
export function campaignQueues(profiles: readonly string[]): QueueNeed[] {
  return [
    { queue: ORCHESTRATION_QUEUE, kind: 'workflow', what: 'campaign orchestration' },
    ...[...new Set(profiles)].map((p): QueueNeed => ({ queue: providerQueue(p), kind: 'activity', what: `provider profile ${p}` })),
  ];
}

/**
 * Queues that no worker polls right now, with the command that fixes it; Temporal's DescribeTaskQueue tells who
 * polled lately. A campaign whose queue nobody polls waits silently, so start and status say so plainly.
 */
export async function unpolledQueues(client: Client, namespace: string, needs: readonly QueueNeed[], now = Date.now()): Promise<{ queue: string; warning: string }[]> {
  const warnings: { queue: string; warning: string }[] = [];
  for (const need of needs) {
    const response = await client.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: need.queue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: need.kind === 'workflow' ? temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW : temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    });
    const live = (response.pollers ?? []).some((p) => {
      const seconds = Number(p.lastAccessTime?.seconds ?? 0);
      return now - seconds * 1000 < LIVE_POLLER_MS;
    });
    if (!live) {
      warnings.push({
        queue: need.queue,
        warning: `no worker polls task queue ${need.queue} (${need.what}): start one with \`medeval worker\` (a running worker picks up new campaigns' profiles within seconds${need.kind === 'activity' ? '; with --queue, add this profile' : ''})`,
      });
    }
  }
  return warnings;
}
