import type { Db } from 'mongodb';
import { CATEGORY_CODES } from '../dataset/categories.js';
import type { Question } from '../dataset/schema.js';
import { versionOf, type JudgedAnswer, type JudgingVersion } from '../scoring/judging-version.js';
import { parseJudgeTemplate, type JudgeTemplate } from '../scoring/judge-template.js';
import { collections } from '../store/collections.js';
import type { RefinementDoc } from '../store/refinement-docs.js';
import { listRefinements, refinementLayers } from '../store/refinements.js';
import type { CampaignContext } from './context.js';
import { notFound } from './failures.js';
import { baseTemplateVersions, currentTemplates } from './templates.js';

/** What judging for one refinement needs: the version it judges each of its answers with, and those versions' texts. */
export interface RefinementJudging {
  doc: RefinementDoc;
  /** the refinement's version for an answer: the finished refinements before it, then its own changes */
  versionOf(answer: JudgedAnswer): JudgingVersion | undefined;
  /** a template version's parsed text (the campaign's own, or one a refinement stored) */
  template(version: string): JudgeTemplate;
  /** the question as judged against a checklist version (0: as imported) */
  question(question: Question, checklistVersion: number): Promise<Question>;
}

/** Loads a refinement's judging (once per process per refinement: its documents never change but for status and counts). */
export async function loadRefinementJudging(db: Db, context: CampaignContext, refinementId: string): Promise<RefinementJudging> {
  const { doc: campaign } = context;
  const all = await listRefinements(db, campaign._id);
  const doc = all.find((r) => r._id === refinementId);
  if (!doc) throw notFound(`campaign ${campaign._id} has no refinement ${refinementId}`);
  const layers = await refinementLayers(db, all.filter((r) => r._id === refinementId || (r.seq < doc.seq && r.status === 'done')));
  const base = baseTemplateVersions(currentTemplates(campaign, CATEGORY_CODES));
  const texts = new Map([...campaign.templates, ...all.flatMap((r) => r.templates)].map((t) => [t.version, t]));
  const parsed = new Map<string, JudgeTemplate>();
  const checklists = new Map<number, Map<string, Promise<string | null>>>();
  return {
    doc,
    versionOf: (answer) => versionOf(answer, base, layers, doc.seq + 1),
    template(version) {
      let t = parsed.get(version);
      if (!t) {
        const stored = texts.get(version);
        if (!stored) throw notFound(`judge template version ${version} is not stored with campaign ${campaign._id} or its refinements`);
        t = parseJudgeTemplate(stored.text, `${stored.id}.md`);
        parsed.set(version, t);
      }
      return t;
    },
    async question(question, version) {
      if (version === 0) return question;
      const byQuestion = checklists.get(version) ?? new Map<string, Promise<string | null>>();
      checklists.set(version, byQuestion);
      let text = byQuestion.get(question.id);
      if (!text) {
        text = collections(db)
          .checklistVersions.findOne({ _id: `${campaign.datasetId}/${question.id}/v${version}` })
          .then((v) => {
            if (!v) throw notFound(`checklist version ${version} of ${question.id} is not stored`);
            return v.checklist;
          });
        byQuestion.set(question.id, text);
      }
      return { ...question, checklist: await text };
    },
  };
}
