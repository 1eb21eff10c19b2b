import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../workers/workflow-bundle.js';

/**
 * Histories recorded with medeval 66acce6 (`medeval demo`: the repository's sample, 2 simulated models, 3 samples,
 * 1 judge × 3 rounds), before model runs folded report pages. Workflows in flight when a new version is deployed
 * replay their history on the new code: each must replay without a nondeterminism error, or every running campaign
 * would fail at the deploy.
 */
const HISTORIES = path.resolve('tests/fixtures/histories');
/** A history as the client fetched it, in Temporal's binary protobuf encoding (stable across SDK versions), gzipped. */
const recorded = (name: string) => proto.temporal.api.history.v1.History.decode(gunzipSync(readFileSync(path.join(HISTORIES, name))));

describe('histories recorded by earlier versions replay on today\'s code', () => {
  it.each([
    ['before-report-pages.campaign.binpb.gz', 'campaignWorkflow'],
    ['before-report-pages.model-run.binpb.gz', 'modelRunWorkflow'],
  ])('%s', async (file, type) => {
    const history = recorded(file);
    expect(history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name).toBe(type);
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH, replayName: file }, history)).resolves.toBeUndefined();
  });
});
