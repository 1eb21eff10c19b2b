// Bundled by bench-overhead's own worker only: the baseline is not a workflow of the product.
import { condition, continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';

// on the workflow's own task queue
const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

/**
 * The orchestration floor: `activities` activities that do nothing, at most `window` at a time, continuing as new
 * when the server suggests it as the model-run workflow does. What a campaign costs beyond this is its own.
 */
export async function noopLoopWorkflow(input: { activities: number; window: number; done?: number }): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let started = input.done ?? 0;
  while (started < input.activities) {
    await condition(() => inFlight.size < input.window);
    if (workflowInfo().continueAsNewSuggested) break;
    const call: Promise<void> = noop().finally(() => inFlight.delete(call));
    inFlight.add(call);
    started += 1;
  }
  await Promise.all(inFlight);
  if (started < input.activities) await continueAsNew<typeof noopLoopWorkflow>({ ...input, done: started });
}
