import type { Command } from 'commander';
import { numberOption } from '../option-parsers.js';
import { say } from '../terminal.js';

const ORIGIN = /^https?:\/\/[^/\s]+$/;

export function registerCodecCommands(program: Command): void {
  const codec = program.command('codec').description('the payload codec (MEDEVAL_CODEC_KEY): a codec server for the Temporal UI and CLI');
  codec
    .command('serve')
    .description(
      "Temporal's codec server protocol (POST /encode, /decode) with this process's MEDEVAL_CODEC_KEY / MEDEVAL_CODEC_OLD_KEYS; " +
        'decoding needs Authorization: Bearer $MEDEVAL_CODEC_AUTH_TOKEN (a browser signs in at /signin with it, for the Temporal UI); e.g. temporal workflow show -w ID --codec-endpoint http://127.0.0.1:8234 --codec-auth "Bearer $MEDEVAL_CODEC_AUTH_TOKEN"',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (default: MEDEVAL_CODEC_PORT, else 8234: where `dev up` points the UI)', numberOption('positive integer', { max: 65_535 }))
    .option('--ui-origin <origin...>', 'browser origins allowed to call it, e.g. https://temporal.example.org (default: MEDEVAL_CODEC_UI_ORIGINS, comma-separated, else http://127.0.0.1:8233 and http://localhost:8233)')
    .action(async (options: { host: string; port?: number; uiOrigin?: string[] }) => {
      const [{ codecFromEnv }, { startCodecServer, DEFAULT_UI_ORIGINS }, { codecAuthTokenFrom, CODEC_KEY_ENV }, { loadSettings }] = await Promise.all([
        import('../../codec/payload-codec.js'),
        import('../../codec/server.js'),
        import('../../config/codec-keys.js'),
        import('../../config/settings.js'),
      ]);
      const codec = codecFromEnv();
      if (!codec) throw new Error(`environment variable ${CODEC_KEY_ENV} is not set: the codec server needs the key (and MEDEVAL_CODEC_KEY_ID) the workers encrypt with`);
      const token = codecAuthTokenFrom();
      const fromEnv = process.env.MEDEVAL_CODEC_UI_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean);
      const origins = options.uiOrigin ?? fromEnv ?? DEFAULT_UI_ORIGINS;
      const bad = origins.find((o) => !ORIGIN.test(o));
      if (bad) throw new Error(`${options.uiOrigin ? '--ui-origin' : 'MEDEVAL_CODEC_UI_ORIGINS'}: "${bad}" is not an origin (scheme://host[:port], no path)`);
      const server = await startCodecServer({ codec, token, host: options.host, port: options.port ?? loadSettings().ports.codec, origins });
      say(`codec server on ${server.url} (decoding needs the bearer token; browser origins: ${origins.join(', ')})`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });
}
