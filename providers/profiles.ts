import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Params, PositiveInt, RateLimits } from '../config/common-schemas.js';
import { PARAM_NAMES } from './contract.js';
import { kindSpec, PROVIDER_KINDS } from './kinds/index.js';

/** Looks like a credential rather than a variable name: known key prefixes, or a long mixed-case token with digits. */
export function looksLikeSecret(value: string): boolean {
  return (
    /^(sk|pk|rk)-|^(AIza|xai-|gsk_|hf_)/.test(value) ||
    (value.length >= 24 && /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value))
  );
}

const EnvVarName = z
  .string()
  .refine((v) => !looksLikeSecret(v), {
    message: 'looks like an API key: put the key in an environment variable and give its NAME here',
    abort: true,
  })
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected the name of an environment variable, e.g. OPENAI_API_KEY');

const Quirks = z.strictObject({
  omitParams: z.array(z.enum(PARAM_NAMES)).optional(),
  stripReasoning: z.boolean().optional(),
  maxTokensField: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
});

const Profile = z
  .strictObject({
    kind: z.enum(PROVIDER_KINDS),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    model: z.string().min(1),
    apiKeyEnv: EnvVarName.optional(),
    params: Params.optional(),
    quirks: Quirks.optional(),
    rateLimits: RateLimits.optional(),
    pricing: z.strictObject({ inputPerMillion: z.number().nonnegative(), outputPerMillion: z.number().nonnegative() }).optional(),
    replayFiles: z.array(z.string().min(1)).min(1).optional(),
    timeoutMs: PositiveInt.optional(),
    /** send each call's deterministic key in this header (a gateway's idempotency header, the simulator's counts) */
    callKeyHeader: z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name: letters, digits and "-"').optional(),
  })
  .superRefine((p, ctx) => {
    for (const issue of kindSpec(p.kind).check?.({ ...p, name: '' }) ?? []) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
    if (p.kind !== 'replay' && p.replayFiles) {
      ctx.addIssue({ code: 'custom', path: ['replayFiles'], message: `only kind replay reads answer files, this profile is ${p.kind}` });
    }
  });

const ProfilesFile = z.strictObject({ profiles: z.record(z.string().min(1), Profile) });

export type ProviderProfile = z.infer<typeof Profile> & { name: string };

export interface ProfileSet {
  file: string;
  profiles: Record<string, ProviderProfile>;
}

/** Parses a profiles file (JSON, or YAML for any other extension); every error names the file and field path. */
export function parseProfiles(text: string, file: string): ProfileSet {
  let data: unknown;
  try {
    data = file.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`${file}: cannot parse (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  rejectInlineKeys(data, file);
  const parsed = ProfilesFile.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new Error(lines.join('\n'));
  }
  const base = dirname(file);
  const profiles = Object.fromEntries(
    Object.entries(parsed.data.profiles).map(([name, p]) => [
      name,
      { ...p, name, ...(p.replayFiles ? { replayFiles: p.replayFiles.map((f) => resolve(base, f)) } : {}) },
    ]),
  );
  return { file, profiles };
}

// A key pasted into the file must be refused with a message that says so, and without repeating it.
function rejectInlineKeys(data: unknown, file: string): void {
  const profiles = (data as { profiles?: unknown } | null)?.profiles;
  if (typeof profiles !== 'object' || profiles === null) return;
  for (const [name, profile] of Object.entries(profiles)) {
    for (const field of ['apiKey', 'api_key', 'key']) {
      if (typeof profile === 'object' && profile !== null && field in profile) {
        throw new Error(
          `${file}: profiles.${name}.${field}: API keys do not belong in profile files; set apiKeyEnv to the name of the environment variable that holds the key`,
        );
      }
    }
  }
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
