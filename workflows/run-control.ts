import { setHandler } from '@temporalio/workflow';
import { cancelSignal, pauseSignal, resumeSignal } from './messages.js';

export type RunState = 'running' | 'paused' | 'cancelling';

/**
 * Pause, resume and cancel as a child run (a model run, a re-judge) takes them from its campaign: flags its loop
 * reads, and `onChange` with the state its progress shows (called once at once).
 */
export function installRunControl(initial: { paused?: boolean | undefined; cancelled?: boolean | undefined }, onChange: (state: RunState) => void): { paused: boolean; cancelled: boolean } {
  const flags = { paused: initial.paused ?? false, cancelled: initial.cancelled ?? false };
  const changed = () => onChange(flags.cancelled ? 'cancelling' : flags.paused ? 'paused' : 'running');
  changed();
  setHandler(pauseSignal, () => {
    flags.paused = true;
    changed();
  });
  setHandler(resumeSignal, () => {
    flags.paused = false;
    changed();
  });
  setHandler(cancelSignal, () => {
    flags.cancelled = true;
    changed();
  });
  return flags;
}
