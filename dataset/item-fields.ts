import { z } from 'zod';
import { describeValue } from './problem.js';

export const DIFFICULTIES = ['易', '中', '难'] as const;

const nonBlank = z.string().refine((text) => text.trim() !== '');

/** The fields of one item that this project relies on; other fields (model answers, scores) pass through. */
const itemSchema = z.looseObject({
  category1: z.string(),
  category2: z.string(),
  scene: z.string(),
  round: z.int().positive(),
  problem: nonBlank,
  groupCode: z.union([z.int(), nonBlank]),
  // pandas wrote NaN where a text-generation item has no reference answer, and a bare number for a numeric one
  sanswer: z.union([z.string(), z.number(), z.nan(), z.null()]),
  difficulty: z.enum(DIFFICULTIES).optional(),
  // NaN (pandas' empty cell) and null both mean "no checklist"
  checklist: z.union([z.string(), z.nan(), z.null()]).optional(),
});

export type ItemFields = z.infer<typeof itemSchema>;

/** What each field must be, in words: zod's own messages describe its internals rather than the data format. */
const RULES: Record<keyof typeof itemSchema.shape, string> = {
  category1: 'must be a string',
  category2: 'must be a string',
  scene: 'must be a string',
  round: 'must be a positive integer',
  problem: 'must be non-empty text',
  groupCode: 'must be an integer or a non-empty string',
  sanswer: 'must be text, a number, or NaN/null for none',
  difficulty: `must be one of ${DIFFICULTIES.join(', ')}`,
  checklist: 'must be text, or NaN/null for none',
};

export interface FieldIssue {
  field: string;
  message: string;
}

export type FieldCheck = { ok: true; fields: ItemFields } | { ok: false; issues: FieldIssue[] };

/** Checks every field of one item and reports each bad field once, with the offending value. */
export function checkItemFields(item: Record<string, unknown>): FieldCheck {
  const parsed = itemSchema.safeParse(item);
  if (parsed.success) return { ok: true, fields: parsed.data };
  const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  const issues = [...fields].map((field) => {
    const value = item[field];
    const rule = RULES[field as keyof typeof RULES];
    return { field, message: value === undefined ? 'is missing' : `${rule}, got ${describeValue(value)}` };
  });
  return { ok: false, issues };
}
