import type { z } from 'zod';
import { ProviderError } from './errors.js';

/** Validates a provider response against the fields we read; a gap is a malformed (retryable) response. */
export function parseResponseShape<T>(schema: z.ZodType<T>, value: unknown, api: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  throw new ProviderError({ kind: 'malformed_response', providerMessage: `${api} response is missing fields: ${problems}` });
}
