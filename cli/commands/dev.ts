import type { Command } from 'commander';
import { loadSettings, type Settings } from '../../config/settings.js';
import { say } from '../terminal.js';
import { redactUrl } from '../../lib/endpoint.js';

function describe(settings: Settings): string[] {
  return [
    `Temporal   ${settings.temporalAddress}${settings.embeddedTemporal ? '' : ' (TEMPORAL_ADDRESS)'}`,
    `Temporal UI ${settings.temporalUiUrl}`,
    `MongoDB    ${redactUrl(settings.mongoUri)}${settings.embeddedMongo ? ' (FerretDB, SQLite)' : ' (MONGODB_URI)'}`,
  ];
}

export function registerDevCommands(program: Command): void {
  const dev = program.command('dev').description('start, stop and inspect the embedded Temporal dev server and FerretDB');

  dev
    .command('up')
    .description('start the embedded services (unless TEMPORAL_ADDRESS / MONGODB_URI point elsewhere) and wait until they answer; all or nothing')
    .action(async () => {
      const { devUp } = await import('../../local-services/services.js');
      const settings = loadSettings();
      const started = await devUp(settings);
      for (const record of started) say(`${record.name} running (pid ${record.pid}, log ${record.log})`);
      for (const line of describe(settings)) say(line);
    });

  dev
    .command('status')
    .description('show which embedded services are running')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { devStatus, FERRETDB, TEMPORAL } = await import('../../local-services/services.js');
      const settings = loadSettings();
      const status = devStatus(settings);
      if (options.json) {
        say(JSON.stringify({ settings: { temporal: settings.temporalAddress, ui: settings.temporalUiUrl, mongo: redactUrl(settings.mongoUri) }, services: status }, null, 2));
        return;
      }
      for (const name of [TEMPORAL, FERRETDB]) {
        const record = status[name];
        say(record ? `${name}: running (pid ${record.pid}) at ${record.address}` : `${name}: not running`);
      }
      for (const line of describe(settings)) say(line);
    });

  dev
    .command('down')
    .description('stop the services that `medeval dev up` started (by pid)')
    .action(async () => {
      const { devDown } = await import('../../local-services/services.js');
      const stopped = await devDown(loadSettings());
      say(stopped.length ? `stopped: ${stopped.join(', ')}` : 'nothing was running');
    });
}
