import { ERROR_KINDS, isRetryableKind, type ErrorKind } from '../providers/errors.js';

/**
 * The one failure vocabulary of a campaign. A call that was attempted and failed has a provider error kind (see
 * providers/errors.ts); these are the kinds that arise in the campaign itself. Status, reports and exports all
 * speak of the same kinds, and tell attempted-and-failed apart from never attempted.
 */
export const CAMPAIGN_FAILURE_KINDS = [
  /** a later round whose earlier round has no stored answer */
  'history_missing',
  /** never attempted: an earlier round (or, for a judgement, its answer) failed */
  'skipped',
  /** a campaign, dataset, question, model or judge that does not exist */
  'not_found',
  /** a config or stored setting the campaign cannot run with */
  'invalid_config',
  /** the worker running the call went away (shut down, lost): another worker tries again */
  'interrupted',
] as const;

export type CampaignFailureKind = (typeof CAMPAIGN_FAILURE_KINDS)[number];
export type FailureKind = ErrorKind | CampaignFailureKind;

export const FAILURE_KINDS: readonly FailureKind[] = [...ERROR_KINDS, ...CAMPAIGN_FAILURE_KINDS];

/** Kinds no retry can fix: Temporal is told not to retry them (derived, so a new kind cannot be forgotten here). */
export const NON_RETRYABLE_KINDS: readonly FailureKind[] = [...ERROR_KINDS.filter((k) => !isRetryableKind(k)), ...CAMPAIGN_FAILURE_KINDS.filter((k) => k !== 'interrupted')];

/** A failure the campaign layer raises; activities hand it to Temporal as an ApplicationFailure of that type. */
export class CampaignFailure extends Error {
  override readonly name = 'CampaignFailure';
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly retryable = !NON_RETRYABLE_KINDS.includes(kind),
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new CampaignFailure('not_found', message);

/** How an item ended, as status and reports count it. */
export type Outcome = 'done' | 'failed' | 'skipped';
