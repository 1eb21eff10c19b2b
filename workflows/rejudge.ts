import { condition, continueAsNew, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { emptyTally, rejudgePercent, type RejudgeProgress } from '../campaign/progress-model.js';
import { orchestrationActivities } from './activity-options.js';
import { judgeCall } from './judge-call.js';
import { rejudgeProgressQuery } from './messages.js';
import { installRunControl } from './run-control.js';
import { ProgressAttr, StatusAttr } from './search-attributes.js';

export interface RejudgeInput {
  campaignId: string;
  refinementId: string;
  /** where to go on after continue-as-new: the next target is `offset` of page `page` */
  page?: number;
  offset?: number;
  progress?: RejudgeProgress;
  paused?: boolean;
  cancelled?: boolean;
}

/**
 * One refinement's re-judge: every target answer judged again by every judge in every round, with the
 * refinement's version (the judge activity reads it by `refinementId`), a bounded window of calls on the judges'
 * queues. Targets are read a page at a time by `_id`; history holds ids and counts and continues as new after
 * `answersPerRun` answers or when Temporal suggests it. Stored verdicts are found by key, so running a refinement again pays for nothing.
 */
export async function rejudgeWorkflow(input: RejudgeInput): Promise<RejudgeProgress> {
  const activities = orchestrationActivities();
  const run = await activities.refinementRun({ campaignId: input.campaignId, refinementId: input.refinementId });
  const perTarget = run.judges.length * run.judgeRounds;
  const progress: RejudgeProgress = input.progress ?? { refinementId: input.refinementId, targets: run.targets, calls: emptyTally(run.targets * perTarget), cached: 0, costUsd: 0, state: 'running' };
  const control = installRunControl(input, (state) => (progress.state = state));
  setHandler(rejudgeProgressQuery, () => progress);
  const listProgress = () => upsertSearchAttributes([
    { key: ProgressAttr, value: Math.round(rejudgePercent(progress) * 10) / 10 },
    { key: StatusAttr, value: progress.state },
  ]);

  const inFlight = new Set<Promise<void>>();
  const judge = async (generationKey: string, j: { id: string; queue: string }, judgeRound: number) => {
    const result = await judgeCall({ campaignId: input.campaignId, generationKey, judgeId: j.id, judgeRound, refinementId: input.refinementId }, j.queue, run.maxAttempts);
    if (result.outcome === 'cancelled') return;
    if (result.outcome === 'failed') {
      progress.calls.failed += 1;
      return;
    }
    progress.calls.done += 1;
    progress.costUsd += result.costUsd;
    if (result.cached) progress.cached += 1;
  };

  let page = input.page ?? 0;
  let offset = input.offset ?? 0;
  let listedPercent = Math.floor(rejudgePercent(progress));
  let started = 0;
  for (; page < run.pages && !control.cancelled; page += 1, offset = 0) {
    const keys = await activities.refinementPage({ refinementId: input.refinementId, page });
    for (; offset < keys.length; offset += 1) {
      await condition(() => (!control.paused && inFlight.size < run.window) || control.cancelled);
      if (control.cancelled) break;
      if (started >= run.answersPerRun || workflowInfo().continueAsNewSuggested) {
        await Promise.all(inFlight);
        await activities.setRefinementStatus({ refinementId: input.refinementId, status: 'running', judged: progress.calls.done, failed: progress.calls.failed });
        await continueAsNew<typeof rejudgeWorkflow>({ ...input, page, offset, progress, paused: control.paused, cancelled: control.cancelled });
      }
      started += 1;
      // an answer's calls go out together (a judge's rounds of one answer), then the window admits the next answer
      const calls = run.judges.flatMap((j) => Array.from({ length: run.judgeRounds }, (_, r) => judge(keys[offset]!, j, r)));
      const all: Promise<void> = Promise.all(calls).then(() => {
        inFlight.delete(all);
        const percent = Math.floor(rejudgePercent(progress));
        if (percent > listedPercent) {
          listedPercent = percent;
          listProgress();
        }
      });
      inFlight.add(all);
    }
  }
  await Promise.all(inFlight);
  progress.state = control.cancelled ? 'cancelled' : 'done';
  progress.calls.skipped = progress.calls.total - progress.calls.done - progress.calls.failed;
  await activities.setRefinementStatus({ refinementId: input.refinementId, status: control.cancelled ? 'cancelled' : 'done', judged: progress.calls.done, failed: progress.calls.failed });
  // a finished refinement changes which verdicts count on the pages of its targets: they are folded again
  if (!control.cancelled) for (const page of await activities.refinementReportPages({ campaignId: input.campaignId, refinementId: input.refinementId })) await activities.foldReportPage({ campaignId: input.campaignId, ...page });
  listProgress();
  return progress;
}
