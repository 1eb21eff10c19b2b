import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/** An activity's failure as the campaign records it: its kind (the ApplicationFailure type) and message. */
export function failureOf(err: unknown): { kind: string; message: string } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return { kind: cause.type ?? 'unexpected', message: cause.message };
  return { kind: (cause as Error | undefined)?.name ?? 'unexpected', message: (cause as Error | undefined)?.message ?? String(cause) };
}
