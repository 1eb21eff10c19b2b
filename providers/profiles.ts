import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { Params, PositiveInt, RateLimits } from '../config/common-schemas.js';
import { parseConfigText } from '../config/parse-config.js';
import { PARAM_NAMES } from './contract.js';
import { kindSpec, PROVIDER_KIND_SPECS, PROVIDER_KINDS } from './kinds/index.js';

/** Looks like a credential rather than a variable name: known key prefixes, or a long mixed-case token with digits. */
export function looksLikeSecret(value: string): boolean {
  return (
    /^(sk|pk|rk)-|^(AIza|xai-|gsk_|hf_)/.test(value) ||
    (value.length >= 24 && /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value))
  );
}

const EnvVarName = z
  .string()
  .refine((v) => !looksLikeSecret(v) && !/^[0-9A-F]{20,}$/.test(v), {
    message: 'looks like an API key: put the key in an environment variable and give its NAME here',
    abort: true,
  })
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected the name of an environment variable (A-Z, 0-9, _), e.g. OPENAI_API_KEY');

// Query parameters that carry credentials (Azure's api-key, Google's key, signed URLs …).
const KEY_LIKE_PARAM = /^(api[-_]?key|key|token|access[-_]?token|auth|authorization|secret|client[-_]?secret|password|passwd|sig|signature|code)$/i;

/**
 * A base URL is stored with the campaign, shown by `provider list` and sent to Temporal: it must not carry a
 * credential. The messages never repeat the URL.
 */
const BaseUrl = z.url({ protocol: /^https?$/ }).superRefine((value, ctx) => {
  const url = new URL(value);
  if (url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: 'must not contain credentials (user:password@); put the key in an environment variable named by apiKeyEnv' });
  }
  const keyLike = [...url.searchParams.keys()].filter((name) => KEY_LIKE_PARAM.test(name));
  if (keyLike.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `must not carry a key in its query (${keyLike.join(', ')}); send it as a header from an environment variable with headersFromEnv, or through apiKeyEnv`,
    });
  }
});

const HeaderName = z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name: letters, digits and "-"');

const Quirks = z.strictObject({
  omitParams: z.array(z.enum(PARAM_NAMES)).optional(),
  stripReasoning: z.boolean().optional(),
  maxTokensField: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
});

const Price = z.number().nonnegative();

/** Prices per million tokens; batch work at `batchMultiplier` times them, cache reads and writes at their own. */
const Pricing = z.strictObject({
  inputPerMillion: Price,
  outputPerMillion: Price,
  batchMultiplier: z.number().positive().max(1).optional(),
  cachedInputPerMillion: Price.optional(),
  cacheWritePerMillion: Price.optional(),
});

/**
 * Batch mode: this profile's calls are collected across a model run, round by round, and sent as provider batches
 * (billed at `pricing.batchMultiplier`), polled every `pollSeconds` for up to `maxWaitSeconds` (then cancelled, its
 * answered items kept); failed items go to the next batch, or to realtime calls with `retry: realtime`.
 */
export const BatchSettings = z.strictObject({
  enabled: z.boolean(),
  /**
   * items per batch (the providers take 50,000 or more): each batch's item ids and outcomes pass through workflow
   * history, which refuses payloads over 2 MB, so at most 5,000 (a round needs more: several batches at once)
   */
  maxRequests: PositiveInt.max(5_000).default(1_000),
  /** the provider's completion window is 24 hours */
  maxWaitSeconds: PositiveInt.max(86_400).default(86_400),
  pollSeconds: z.number().positive().max(3_600).default(60),
  retry: z.enum(['batch', 'realtime']).default('batch'),
});

const Profile = z
  .strictObject({
    kind: z.enum(PROVIDER_KINDS),
    baseUrl: BaseUrl.optional(),
    model: z.string().min(1),
    apiKeyEnv: EnvVarName.optional(),
    /** extra request headers whose values are read from environment variables, e.g. Azure's `api-key: AZURE_OPENAI_API_KEY` */
    headersFromEnv: z.record(HeaderName, EnvVarName).optional(),
    params: Params.optional(),
    quirks: Quirks.optional(),
    rateLimits: RateLimits.optional(),
    pricing: Pricing.optional(),
    replayFiles: z.array(z.string().min(1)).min(1).optional(),
    timeoutMs: PositiveInt.optional(),
    /** send each call's deterministic key in this header (a gateway's idempotency header, the simulator's counts) */
    callKeyHeader: HeaderName.optional(),
    batch: BatchSettings.optional(),
  })
  .superRefine((p, ctx) => {
    for (const issue of kindSpec(p.kind).check?.({ ...p, name: '' }) ?? []) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
    if (p.batch?.enabled && !kindSpec(p.kind).batch) {
      const kinds = PROVIDER_KIND_SPECS.filter((k) => k.batch).map((k) => k.kind);
      ctx.addIssue({ code: 'custom', path: ['batch'], message: `kind ${p.kind} has no batch API (batch mode works with ${kinds.join(', ')})` });
    }
    if (p.kind !== 'replay' && p.replayFiles) {
      ctx.addIssue({ code: 'custom', path: ['replayFiles'], message: `only kind replay reads answer files, this profile is ${p.kind}` });
    }
  });

// A key pasted into the file is refused with a message that says so, at its line, and without repeating it.
const NoInlineKey = z.unknown().superRefine((value, ctx) => {
  if (typeof value !== 'object' || value === null) return;
  for (const field of ['apiKey', 'api_key', 'key']) {
    if (field in value) {
      ctx.addIssue({ code: 'custom', path: [field], message: 'API keys do not belong in profile files; set apiKeyEnv to the name of the environment variable that holds the key' });
    }
  }
});

const ProfilesFile = z.strictObject({ profiles: z.record(z.string().min(1), NoInlineKey.pipe(Profile)) });

export type ProviderProfile = z.infer<typeof Profile> & { name: string };

export interface ProfileSet {
  file: string;
  profiles: Record<string, ProviderProfile>;
}

/** Parses a profiles file (YAML, or JSON, which is YAML); every error names the file, line, column and field path. */
export function parseProfiles(text: string, file: string): ProfileSet {
  const parsed = parseConfigText(text, file, ProfilesFile);
  const base = dirname(file);
  const profiles = Object.fromEntries(
    Object.entries(parsed.profiles).map(([name, p]) => [
      name,
      { ...p, name, ...(p.replayFiles ? { replayFiles: p.replayFiles.map((f) => resolve(base, f)) } : {}) },
    ]),
  );
  return { file, profiles };
}

export async function loadProfiles(file: string): Promise<ProfileSet> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read profiles file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
  }
  return parseProfiles(text, file);
}

export function getProfile(set: ProfileSet, name: string): ProviderProfile {
  const profile = set.profiles[name];
  if (!profile) {
    throw new Error(`${set.file}: no profile named "${name}" (profiles: ${Object.keys(set.profiles).join(', ') || 'none'})`);
  }
  return profile;
}

/** `--profiles`, else MEDEVAL_PROFILES, else config/providers.yaml. */
export function profilesFileFrom(option: string | undefined, env: NodeJS.ProcessEnv): string {
  return option ?? env.MEDEVAL_PROFILES ?? 'config/providers.yaml';
}
