import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { RateLimits } from '../config/common-schemas.js';

export interface SimulatedCampaignFiles {
  profilesFile: string;
  configFile: string;
}

export interface SimulatedCampaignOptions {
  dir: string;
  /** the fake provider's OpenAI-compatible base URL, e.g. http://127.0.0.1:8787/v1 */
  baseUrl: string;
  name?: string;
  dataset?: string;
  models?: string[];
  judges?: string[];
  samples?: number;
  judgeRounds?: number;
  rateLimits?: RateLimits;
  /** each call's timeout; short ones let a hung simulated call fail (and be retried) quickly */
  timeoutMs?: number;
  /** every profile's prices; $1 in and $2 out per million tokens unless given */
  pricing?: Record<string, number>;
  /** extra campaign settings merged over the defaults (filters, orchestration, …) */
  extra?: Record<string, unknown>;
}

/**
 * Writes a profiles file and a campaign config whose models and judge are simulated by the fake provider: the
 * demo's campaign, and the tests' and benchmarks'. Every profile is of kind `simulated`, so every result says so.
 */
export async function writeSimulatedCampaign(options: SimulatedCampaignOptions): Promise<SimulatedCampaignFiles> {
  const models = options.models ?? ['sim-model-a', 'sim-model-b'];
  const judges = options.judges ?? ['sim-judge'];
  const profiles = Object.fromEntries(
    [...models, ...judges].map((name) => [
      name,
      {
        kind: 'simulated',
        baseUrl: options.baseUrl,
        model: name,
        apiKeyEnv: 'MEDEVAL_SIMULATOR_KEY',
        timeoutMs: options.timeoutMs ?? 10_000,
        // the simulator counts calls and injects faults per call key
        callKeyHeader: 'x-medeval-key',
        rateLimits: options.rateLimits ?? { maxConcurrency: 8 },
        pricing: options.pricing ?? { inputPerMillion: 1, outputPerMillion: 2 },
      },
    ]),
  );
  const config = {
    name: options.name ?? 'demo',
    dataset: { name: options.dataset ?? 'sample' },
    profiles: './providers.yaml',
    models: models.map((profile) => ({ profile })),
    judges: judges.map((profile) => ({ profile })),
    samples: options.samples ?? 3,
    judgeRounds: options.judgeRounds ?? 3,
    ...options.extra,
  };
  await mkdir(options.dir, { recursive: true });
  const files = { profilesFile: path.join(options.dir, 'providers.yaml'), configFile: path.join(options.dir, 'campaign.yaml') };
  await writeFile(files.profilesFile, `# simulated models (fake provider) — written by medeval\n${stringify({ profiles })}`);
  await writeFile(files.configFile, `# simulated campaign — written by medeval\n${stringify(config)}`);
  return files;
}
