import { z } from 'zod';
import { CATEGORY_CODES } from '../dataset/categories.js';
import { valueHash } from '../lib/content-hash.js';
import { Id, Params, PositiveInt, RateLimits } from './common-schemas.js';
import { loadConfigFile } from './parse-config.js';



/** A model under test or a judge: a provider profile, an id that names it in keys and reports, optional params. */
const Participant = z.strictObject({ profile: Id, id: Id.optional(), params: Params.optional() });


export const CampaignConfigSchema = z
  .strictObject({
    /** at most 112 characters: a generated campaign id adds a 16-character timestamp */
    name: Id.max(112, 'at most 112 characters (the campaign id adds a timestamp)'),
    dataset: z.strictObject({ name: z.string().min(1), version: PositiveInt.optional() }),
    /** provider profiles file; relative paths resolve against the config file */
    profiles: z.string().min(1).optional(),
    models: z.array(Participant).default([]),
    judges: z.array(Participant).min(1),
    /** judge-only campaigns score the generations of another campaign instead of generating */
    answersFrom: z.strictObject({ campaign: Id }).optional(),
    judging: z
      .strictObject({
        language: z.enum(['zh', 'en']).default('zh'),
        templates: z.string().min(1).optional(),
        mtgMode: z.enum(['score', 'dimensions']).default('score'),
        panelRule: z.enum(['mean', 'median', 'min']).default('mean'),
      })
      .prefault({}),
    systemPrompt: z.string().optional(),
    samples: z.number().int().min(1).max(20).default(3),
    judgeRounds: z.number().int().min(1).max(10).default(3),
    threshold: z.number().min(0).max(5).default(4),
    filters: z
      .strictObject({
        categories: z.array(z.enum(CATEGORY_CODES as [string, ...string[]])).min(1).optional(),
        questionIds: z.array(z.string().min(1)).min(1).optional(),
        maxConversations: PositiveInt.optional(),
      })
      .prefault({}),
    orchestration: z
      .strictObject({
        /** conversations in flight per model run */
        window: z.number().int().min(1).max(200).default(8),
        /** conversations a model-run workflow handles before it continues as new */
        conversationsPerRun: z.number().int().min(1).max(1000).default(100),
        maxAttempts: z.number().int().min(1).max(50).default(10),
      })
      .prefault({}),
    rateLimits: z.record(Id, RateLimits).default({}),
    /** a judge may call the same provider model as a model under test only when this says so; the report notes it */
    allowSelfJudging: z.boolean().default(false),
    review: z
      .strictObject({ sampleSize: z.number().int().min(0).default(0), strata: z.array(z.string()).default(['category']), seed: z.number().int().default(1) })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    if (c.models.length === 0 && !c.answersFrom) {
      ctx.addIssue({ code: 'custom', path: ['models'], message: 'list at least one model under test, or set answersFrom for a judge-only campaign' });
    }
    for (const [field, list] of [['models', c.models], ['judges', c.judges]] as const) {
      const seen = new Set<string>();
      list.forEach((p, i) => {
        const id = p.id ?? p.profile;
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [field, i, 'id'], message: `duplicate id "${id}"; give each entry a distinct id` });
        seen.add(id);
      });
    }
  });

export type CampaignConfig = z.infer<typeof CampaignConfigSchema>;
export type Participant = z.infer<typeof Participant>;

export const participantId = (p: Participant): string => p.id ?? p.profile;

/** Stored with every result, so a number can always be traced to the exact settings that produced it. */
export function configHash(config: CampaignConfig): string {
  return valueHash(config).slice(0, 16);
}

export function loadCampaignConfig(file: string): Promise<CampaignConfig> {
  return loadConfigFile(file, CampaignConfigSchema);
}
