// Prints which MongoDB features the configured server supports, for the ones this project relies on or avoids.
// Usage: npx tsx scripts/probe-mongo-features.ts   (MONGODB_URI, else the embedded FerretDB default)
import { MongoClient } from 'mongodb';
import { loadSettings } from '../config/settings.js';

const settings = loadSettings();
const client = await new MongoClient(settings.mongoUri, { serverSelectionTimeoutMS: 5000 }).connect();
const db = client.db(`medeval_probe_${process.pid}`);
const c = db.collection<{ _id: string; k?: string; v?: number; tags?: string[] }>('probe');

const probes: Array<[string, () => Promise<unknown>]> = [
  ['compound unique index', () => c.createIndex({ k: 1, v: 1 }, { unique: true })],
  ['insertMany + duplicate key error', async () => {
    await c.insertMany([{ _id: 'a', k: 'x', v: 1, tags: ['p', 'q'] }, { _id: 'b', k: 'y', v: 2 }]);
    const dup = await c.insertOne({ _id: 'c', k: 'x', v: 1 }).then(() => 'no error', (e: { code?: number }) => e.code);
    if (dup !== 11000) throw new Error(`expected E11000, got ${String(dup)}`);
  }],
  ['NaN stored and read back', async () => {
    await c.insertOne({ _id: 'nan', v: Number.NaN });
    const doc = await c.findOne({ _id: 'nan' });
    if (!Number.isNaN(doc?.v)) throw new Error(`read ${String(doc?.v)}`);
  }],
  ['updateOne upsert with $setOnInsert', () => c.updateOne({ _id: 'd' }, { $setOnInsert: { k: 'z', v: 3 } }, { upsert: true })],
  ['findOneAndUpdate', () => c.findOneAndUpdate({ _id: 'd' }, { $inc: { v: 1 } }, { returnDocument: 'after' })],
  ['bulkWrite upserts', () => c.bulkWrite([{ updateOne: { filter: { _id: 'e' }, update: { $set: { v: 5 } }, upsert: true } }])],
  ['aggregate $match/$group $sum/$count', () => c.aggregate([{ $match: { v: { $gte: 0 } } }, { $group: { _id: '$k', n: { $sum: 1 } } }]).toArray()],
  ['aggregate $group $avg', () => c.aggregate([{ $group: { _id: null, m: { $avg: '$v' } } }]).toArray()],
  ['aggregate $unwind', () => c.aggregate([{ $unwind: '$tags' }]).toArray()],
  ['aggregate $lookup', () => c.aggregate([{ $lookup: { from: 'probe', localField: 'k', foreignField: 'k', as: 'j' } }]).toArray()],
  ['aggregate $facet', () => c.aggregate([{ $facet: { a: [{ $count: 'n' }] } }]).toArray()],
  ['distinct', () => c.distinct('k')],
  ['countDocuments', () => c.countDocuments({ v: { $gt: 1 } })],
  ['transactions', async () => {
    const session = client.startSession();
    try {
      await session.withTransaction(async () => {
        await c.insertOne({ _id: 'tx' }, { session });
      });
    } finally {
      await session.endSession();
    }
  }],
  ['change streams', async () => {
    const stream = c.watch();
    try {
      await Promise.race([stream.tryNext(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000))]);
    } finally {
      await stream.close();
    }
  }],
];

const info = await db.admin().command({ buildInfo: 1 }).catch(() => ({}) as Record<string, unknown>);
console.log(`server ${settings.mongoUri} version ${String(info.version ?? '?')}${info.ferretdb ? ` (FerretDB ${JSON.stringify(info.ferretdb)})` : ''}`);
for (const [name, run] of probes) {
  const outcome = await run().then(
    () => 'yes',
    (err: unknown) => `NO  (${(err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 90)})`,
  );
  console.log(`${name.padEnd(38)} ${outcome}`);
}
await db.dropDatabase();
await client.close();
