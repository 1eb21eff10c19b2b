import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSeedJson } from '../../dataset/read-json.js';
import { exportDatasetFile, importDatasetFile, InvalidDatasetError } from '../../campaign/datasets.js';
import { collections } from '../../store/collections.js';
import { DatasetExistsError, getDataset, importQuestions, loadQuestions } from '../../store/datasets.js';
import { validateDatasetFile } from '../../dataset/validate-file.js';
import { openTestStore } from '../support/services.js';
import { requireSharedDataset } from '../support/shared-dataset.js';

const SAMPLE = path.resolve('dataset/sample.json');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'medeval-ds-'));
let store: Awaited<ReturnType<typeof openTestStore>>;

beforeAll(async () => {
  store = await openTestStore();
});
afterAll(async () => {
  await store.close();
});

describe('dataset import/export against FerretDB', () => {
  it('imports the sample, stores every question with a content hash, and re-import changes nothing', async () => {
    const first = await importDatasetFile(store.db, { file: SAMPLE, name: 'sample' });
    const expected = (await validateDatasetFile(SAMPLE)).questions.length;
    expect(first.status).toBe('imported');
    expect(first.dataset).toMatchObject({ name: 'sample', version: 1, status: 'published', questionCount: expected });
    const docs = await collections(store.db).questions.find({ datasetId: 'sample@1' }).toArray();
    expect(docs).toHaveLength(expected);
    expect(docs.every((d) => /^[0-9a-f]{64}$/.test(d.contentHash))).toBe(true);

    const again = await importDatasetFile(store.db, { file: SAMPLE, name: 'sample' });
    expect(again.status).toBe('unchanged');
    expect(await collections(store.db).datasets.countDocuments({ name: 'sample' })).toBe(1);
    expect(await collections(store.db).questions.countDocuments({})).toBe(expected);
  });

  it('refuses different content under an existing name unless --new-version, which keeps the old version', async () => {
    const data = parseSeedJson(readFileSync(SAMPLE, 'utf8'), SAMPLE) as Record<string, Array<Record<string, unknown>>>;
    const firstList = Object.values(data)[0]!;
    firstList[0]!.problem = `${String(firstList[0]!.problem)}（修订）`;
    const edited = path.join(tmp, 'edited.json');
    writeFileSync(edited, JSON.stringify(data).replaceAll('null', 'NaN'));

    await expect(importDatasetFile(store.db, { file: edited, name: 'sample' })).rejects.toBeInstanceOf(DatasetExistsError);
    expect(await collections(store.db).datasets.countDocuments({ name: 'sample' })).toBe(1);

    const v2 = await importDatasetFile(store.db, { file: edited, name: 'sample', newVersion: true });
    expect(v2.dataset.version).toBe(2);
    const v1Questions = await loadQuestions(store.db, 'sample@1');
    const v2Questions = await loadQuestions(store.db, 'sample@2');
    expect(v1Questions[0]!.problem).not.toContain('（修订）');
    expect(v2Questions[0]!.problem).toContain('（修订）');
    expect((await getDataset(store.db, 'sample')).version).toBe(2);
  });

  it('writes nothing for an invalid file', async () => {
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify({ 医疗知识: [{ round: 0 }] }));
    await expect(importDatasetFile(store.db, { file: bad, name: 'bad' })).rejects.toBeInstanceOf(InvalidDatasetError);
    await expect(importDatasetFile(store.db, { file: bad, name: 'bad' })).rejects.toThrow(/bad\.json: 医疗知识\[0\]/);
    expect(await collections(store.db).datasets.countDocuments({ name: 'bad' })).toBe(0);
    expect(await collections(store.db).questions.countDocuments({ datasetId: /^bad@/ })).toBe(0);
  });

  it('leaves no visible dataset when import dies before publishing, and the next import completes', async () => {
    const { questions } = await validateDatasetFile(SAMPLE);
    const crash = importQuestions(
      store.db,
      { name: 'crashy', questions, sourceFile: SAMPLE },
      { beforePublish: () => Promise.reject(new Error('simulated crash')) },
    );
    await expect(crash).rejects.toThrow('simulated crash');
    await expect(getDataset(store.db, 'crashy')).rejects.toThrow(/not imported/);
    expect(await collections(store.db).datasets.findOne({ name: 'crashy' })).toMatchObject({ status: 'staging' });

    const done = await importQuestions(store.db, { name: 'crashy', questions, sourceFile: SAMPLE });
    expect(done).toMatchObject({ status: 'imported', dataset: { version: 1, status: 'published' } });
    expect(await collections(store.db).questions.countDocuments({ datasetId: 'crashy@1' })).toBe(questions.length);
  });

  it('export of an import round-trips to a deep-equal file (NaN checklists included)', async () => {
    const out = path.join(tmp, 'export.json');
    await exportDatasetFile(store.db, { name: 'sample', version: 1, file: out });
    const original = parseSeedJson(readFileSync(SAMPLE, 'utf8'), SAMPLE);
    const exported = parseSeedJson(readFileSync(out, 'utf8'), out);
    expect(exported).toStrictEqual(original);
  });

  it('round-trips the public test set (667 questions)', async () => {
    const shared = requireSharedDataset();
    const outcome = await importDatasetFile(store.db, { file: shared, name: 'llmeval-med' });
    expect(outcome.dataset.questionCount).toBe(667);
    const out = path.join(tmp, 'public-export.json');
    await exportDatasetFile(store.db, { name: 'llmeval-med', file: out });
    expect(parseSeedJson(readFileSync(out, 'utf8'), out)).toStrictEqual(parseSeedJson(readFileSync(shared, 'utf8'), shared));
  });
});
