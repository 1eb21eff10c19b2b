import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above `start` with a package.json: the same from the sources and from their compiled copy in dist/. */
function projectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '..');
  }
}

/** The repository root, so that state and caches resolve the same from any working directory. */
export const PROJECT_ROOT = projectRoot(path.dirname(fileURLToPath(import.meta.url)));

export interface Settings {
  temporalAddress: string;
  temporalNamespace: string;
  temporalUiUrl: string;
  mongoUri: string;
  mongoDb: string;
  /** git-ignored folder for the embedded services' data, logs and pid files */
  stateDir: string;
  /** true where the project starts the service itself (no TEMPORAL_ADDRESS / MONGODB_URI given) */
  embeddedTemporal: boolean;
  embeddedMongo: boolean;
  /** `codec`: where `medeval codec serve` listens by default, and so the codec endpoint `dev up` gives the UI */
  ports: { temporal: number; temporalUi: number; mongo: number; codec: number };
  /** where the web app (reviewer pages, the team explorer) is reached, for links in reports and the Temporal memo */
  publicUrl?: string;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`environment variable ${name}: must be a port number 1-65535, got "${raw}"`);
  }
  return value;
}

/** Reads the settings from the environment; every value has an embedded default. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const ports = {
    temporal: port(env, 'MEDEVAL_TEMPORAL_PORT', 7233),
    temporalUi: port(env, 'MEDEVAL_TEMPORAL_UI_PORT', 8233),
    mongo: port(env, 'MEDEVAL_MONGO_PORT', 27017),
    codec: port(env, 'MEDEVAL_CODEC_PORT', 8234),
  };
  return {
    temporalAddress: env.TEMPORAL_ADDRESS || `127.0.0.1:${ports.temporal}`,
    temporalNamespace: env.TEMPORAL_NAMESPACE || 'default',
    temporalUiUrl: env.TEMPORAL_UI_URL || `http://127.0.0.1:${ports.temporalUi}`,
    mongoUri: env.MONGODB_URI || `mongodb://127.0.0.1:${ports.mongo}/`,
    mongoDb: env.MEDEVAL_DB || 'medeval',
    stateDir: path.resolve(env.MEDEVAL_HOME || path.join(PROJECT_ROOT, '.medeval')),
    embeddedTemporal: !env.TEMPORAL_ADDRESS,
    embeddedMongo: !env.MONGODB_URI,
    ports,
    ...(env.MEDEVAL_PUBLIC_URL ? { publicUrl: env.MEDEVAL_PUBLIC_URL } : {}),
  };
}
