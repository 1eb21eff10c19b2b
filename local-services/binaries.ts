import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/settings.js';

/** Pinned versions, shared with scripts/install-services.sh. */
export function pinnedVersions(): { temporalCli: string; ferretdb: string } {
  const text = readFileSync(path.join(PROJECT_ROOT, 'scripts/versions.env'), 'utf8');
  const read = (key: string): string => {
    const match = new RegExp(`^${key}=(.+)$`, 'm').exec(text);
    if (!match?.[1]) throw new Error(`scripts/versions.env: ${key} is missing`);
    return match[1].trim();
  };
  return { temporalCli: read('TEMPORAL_CLI_VERSION'), ferretdb: read('FERRETDB_VERSION') };
}

function toolsDir(env: NodeJS.ProcessEnv): string {
  return env.MEDEVAL_TOOLS_DIR || path.join(PROJECT_ROOT, '.cache/tools');
}

function resolveBinary(override: string | undefined, overrideName: string, installed: string): string {
  const bin = override || installed;
  if (!existsSync(bin)) {
    const hint = override ? `${overrideName}=${override} does not exist` : `${bin} is not installed`;
    throw new Error(`${hint}; run: bash scripts/install-services.sh`);
  }
  return bin;
}

export function temporalBinary(env: NodeJS.ProcessEnv = process.env): string {
  const { temporalCli } = pinnedVersions();
  return resolveBinary(env.TEMPORAL_CLI_PATH, 'TEMPORAL_CLI_PATH', path.join(toolsDir(env), `temporal-${temporalCli}/bin/temporal`));
}

export function ferretdbBinary(env: NodeJS.ProcessEnv = process.env): string {
  const { ferretdb } = pinnedVersions();
  return resolveBinary(env.FERRETDB_PATH, 'FERRETDB_PATH', path.join(toolsDir(env), `ferretdb-${ferretdb}/ferretdb-embedded`));
}
