import type { Command } from 'commander';
import type { ProviderProfile } from '../../providers/profiles.js';
import { numberOption } from '../option-parsers.js';
import { say, warn } from '../terminal.js';

const PROFILES_HELP = 'provider profiles file (default: $MEDEVAL_PROFILES, else config/providers.yaml)';

/** One row per profile; says whether the key variable is set, never what it holds. */
export function formatProfileTable(profiles: readonly ProviderProfile[], env: NodeJS.ProcessEnv, keyEnvOf: (p: ProviderProfile) => string | undefined): string {
  const rows = profiles.map((p) => {
    const keyEnv = keyEnvOf(p);
    return [p.name, p.kind, p.model, p.baseUrl ?? (p.replayFiles ? `${p.replayFiles.length} file(s)` : '(default)'), keyEnv ?? '-', keyEnv === undefined ? '-' : env[keyEnv] ? 'set' : 'NOT SET'];
  });
  const table = [['NAME', 'KIND', 'MODEL', 'BASE URL', 'KEY ENV', 'KEY'], ...rows];
  const widths = table[0]!.map((_, col) => Math.max(...table.map((row) => row[col]!.length)));
  return table.map((row) => row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd()).join('\n');
}

export function registerProviderCommands(program: Command): void {
  const provider = program.command('provider').description('list provider profiles and check that a provider answers');

  provider
    .command('list')
    .description('list the profiles: name, kind, model, base URL, key variable and whether it is set')
    .option('--profiles <file>', PROFILES_HELP)
    .action(async (options: { profiles?: string }) => {
      const [{ loadProfiles, profilesFileFrom }, { apiKeyEnvOf }] = await Promise.all([import('../../providers/profiles.js'), import('../../providers/kinds/index.js')]);
      const set = await loadProfiles(profilesFileFrom(options.profiles, process.env));
      say(formatProfileTable(Object.values(set.profiles), process.env, apiKeyEnvOf));
    });

  provider
    .command('check <profile>')
    .description('send one tiny request and print model, latency and token usage (replay: count the stored answers)')
    .option('--profiles <file>', PROFILES_HELP)
    .option('--timeout <ms>', 'deadline for the request in ms (default: the profile\'s timeoutMs)', numberOption('positive integer', { max: 3_600_000 }))
    .action(async (name: string, options: { profiles?: string; timeout?: number }) => {
      const [{ getProfile, loadProfiles, profilesFileFrom }, { apiKeyEnvOf }, { checkProvider }, { ProviderError }, { scrubSecrets }] = await Promise.all([
        import('../../providers/profiles.js'),
        import('../../providers/kinds/index.js'),
        import('../../campaign/provider-check.js'),
        import('../../providers/errors.js'),
        import('../../providers/scrub-secrets.js'),
      ]);
      const profile = getProfile(await loadProfiles(profilesFileFrom(options.profiles, process.env)), name);
      const keyEnv = apiKeyEnvOf(profile);
      // provider errors are scrubbed already; this also covers anything else that might quote the key
      const safe = (text: string): string => scrubSecrets(text, [keyEnv ? process.env[keyEnv] : undefined]);
      try {
        say(safe(await checkProvider(profile, process.env, options.timeout)));
      } catch (err) {
        const detail =
          err instanceof ProviderError ? `${err.kind}${err.status ? ` (HTTP ${err.status})` : ''}: ${err.providerMessage}` : err instanceof Error ? err.message : String(err);
        warn(`provider check ${name} failed: ${safe(detail)}`);
        process.exitCode = 1;
      }
    });
}
