import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities/index.js';
import { ORCHESTRATION_QUEUE } from '../workflows/keys.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export function createWorker(input: {
  connection: NativeConnection;
  namespace: string;
  activities: Partial<Activities>;
  taskQueue?: string;
  /** provider-queue workers run activities only */
  withWorkflows?: boolean;
  options?: Partial<WorkerOptions>;
}): Promise<Worker> {
  return Worker.create({
    connection: input.connection,
    namespace: input.namespace,
    taskQueue: input.taskQueue ?? ORCHESTRATION_QUEUE,
    ...(input.withWorkflows === false ? {} : { workflowsPath: WORKFLOWS_PATH }),
    activities: input.activities,
    ...input.options,
  });
}
