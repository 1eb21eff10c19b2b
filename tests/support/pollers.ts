import type { Client } from '@temporalio/client';
// a CommonJS package: Node's ESM loader offers only its default export
import proto from '@temporalio/proto';

const { temporal } = proto;

/** The identities of the workers that polled an activity queue lately, as Temporal's DescribeTaskQueue lists them. */
export async function pollerIdentities(client: Client, queue: string): Promise<string[]> {
  const response = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: queue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  });
  return [...new Set((response.pollers ?? []).map((p) => p.identity ?? ''))];
}
