import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities/index.js';
import { ORCHESTRATION_QUEUE } from '../campaign/keys.js';
import { codecWorkerDataConverter } from '../codec/payload-codec.js';
import { workflowBundle } from './workflow-bundle.js';

export function createWorker(input: {
  connection: NativeConnection;
  namespace: string;
  activities: Partial<Activities>;
  taskQueue?: string;
  /** provider-queue workers run activities only */
  withWorkflows?: boolean;
  options?: Partial<WorkerOptions>;
  /** where MEDEVAL_CODEC_KEY is read: payloads are encrypted when it is set */
  env?: NodeJS.ProcessEnv;
}): Promise<Worker> {
  return (async () => {
    const dataConverter = codecWorkerDataConverter(input.env);
    return Worker.create({
      connection: input.connection,
      namespace: input.namespace,
      taskQueue: input.taskQueue ?? ORCHESTRATION_QUEUE,
      ...(input.withWorkflows === false ? {} : { workflowBundle: await workflowBundle(dataConverter.failureConverterPath) }),
      activities: input.activities,
      dataConverter,
      ...input.options,
    });
  })();
}
