import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities/index.js';
import { ORCHESTRATION_QUEUE } from '../campaign/keys.js';
import { workflowBundle } from './workflow-bundle.js';

export function createWorker(input: {
  connection: NativeConnection;
  namespace: string;
  activities: Partial<Activities>;
  taskQueue?: string;
  /** provider-queue workers run activities only */
  withWorkflows?: boolean;
  options?: Partial<WorkerOptions>;
}): Promise<Worker> {
  return (async () =>
    Worker.create({
      connection: input.connection,
      namespace: input.namespace,
      taskQueue: input.taskQueue ?? ORCHESTRATION_QUEUE,
      ...(input.withWorkflows === false ? {} : { workflowBundle: await workflowBundle() }),
      activities: input.activities,
      ...input.options,
    }))();
}
