import { z } from 'zod';
import { CATEGORY_CODES } from '../dataset/categories.js';
import { valueHash } from '../lib/content-hash.js';
import { Id, Params, PositiveInt, RateLimits } from './common-schemas.js';
import { loadConfigFile } from './parse-config.js';



/** The campaign's review phase: its sample's design, what reviewers see, and how long it may wait. */
export const ReviewSettings = z
  .strictObject({
    sampleSize: PositiveInt,
    /** reviewers per answer (k), enforced by the server */
    perItem: z.number().int().min(1).max(20).default(2),
    seed: z.number().int().default(1),
    /** share of the sample drawn uniformly from what the strata left (default 0.1) */
    auditShare: z.number().min(0).max(1).optional(),
    /** over-sampling of answers near the usable threshold and of answers whose judge rounds disagree (default 2 each) */
    nearThresholdWeight: z.number().positive().max(100).optional(),
    disagreementWeight: z.number().positive().max(100).optional(),
    /** fixed sizes for some strata, by key (`MK|model|near`, as `review sample` lists them); the rest share what is left */
    strataSizes: z.record(z.string().min(1), z.number().int().min(0)).optional(),
    /** after-submit: the judge's verdict is shown once the blind review is stored, and a disagreeing reviewer is asked why */
    reveal: z.enum(['after-submit', 'never']).default('never'),
    /** mask model and provider names an answer states about itself */
    maskModelNames: z.boolean().default(true),
    /** the sample is marked incomplete this many days after it was drawn */
    deadlineDays: z.number().positive().max(365).optional(),
    /** reminders for reviewers who are behind: a webhook (POST, JSON) or a command (JSON on stdin), every N hours */
    reminders: z
      .strictObject({ everyHours: z.number().positive().max(24 * 30), webhook: z.url({ protocol: /^https?$/ }).optional(), command: z.string().min(1).optional() })
      .refine((r) => r.webhook !== undefined || r.command !== undefined, { message: 'give a webhook or a command to call', path: ['webhook'] })
      .optional(),
  });
export type ReviewSettings = z.infer<typeof ReviewSettings>;

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
    /** physicians review a sample of the judgements as the campaign's review phase; absent: no review phase */
    review: ReviewSettings.optional(),
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
