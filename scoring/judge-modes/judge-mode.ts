/** What a judgement stores about the judge's verdict, whatever the mode. */
export type JudgeReading =
  | { valid: true; score: number; rationale: string; dimensions?: Record<string, number> }
  | { valid: false; reason: string };

/** How the campaign config chooses modes (the `judging` section's relevant fields). */
export interface JudgingChoice {
  mtgMode: 'score' | 'dimensions';
}

/**
 * One way of judging an answer, declared once: which questions it applies to, what its templates must ask for,
 * how the reply is read, the scale of the resulting score and the usable threshold on it.
 */
export interface JudgeModeSpec {
  /** the `mode` in a template's front matter */
  mode: string;
  describe: string;
  /** whether this mode judges a category under the campaign's choice; the first mode that applies is used */
  appliesTo(category: string, judging: JudgingChoice): boolean;
  scale: { min: number; max: number };
  /** the mean score at which a question is usable; undefined: the campaign's threshold */
  usableThreshold?: number;
  /** the output fields the template must ask the judge for (checked when a template is loaded) */
  contractFields: readonly string[];
  read(text: string): JudgeReading;
}
