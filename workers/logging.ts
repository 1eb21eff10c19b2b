import { makeTelemetryFilterString, Runtime, type LogLevel, type LogMetadata, type Logger } from '@temporalio/worker';

const LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
/** Messages that say nothing to a user: provider queues run activities only and nothing uses Nexus, by design; state changes repeat the start and stop lines. */
const SILENT = ['No workflows registered, not polling for workflow tasks', 'No Nexus services registered, not polling for Nexus tasks', 'Worker state changed'];
/** Metadata worth a word on the line; the rest (run ids, sdk components …) stays out of the way. */
const SHOWN_META = ['taskQueue', 'activityType', 'attempt', 'workflowType', 'workflowId'];
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function summary(meta: LogMetadata | undefined): string {
  if (!meta) return '';
  const parts = SHOWN_META.filter((k) => meta[k] !== undefined).map((k) => `${k}=${String(meta[k])}`);
  const error = meta.error as { message?: string; name?: string } | undefined;
  if (error?.message) parts.push(`error=${error.name ?? 'Error'}: ${error.message.split('\n')[0]}`);
  return parts.length ? ` (${parts.join(' ')})` : '';
}

/**
 * One line per log entry, on stderr: time, level, message and a few ids, no colour codes unless on a terminal,
 * no stack traces (only at DEBUG). Core (Rust) logs are forwarded here too, so they look the same.
 */
export class LineLogger implements Logger {
  constructor(
    private readonly level: LogLevel = 'WARN',
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
  ) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (LEVELS.indexOf(level) < LEVELS.indexOf(this.level) || SILENT.includes(message)) return;
    const text = process.stderr.isTTY ? message : message.replace(ANSI, '');
    const stack = this.level === 'DEBUG' || this.level === 'TRACE' ? ((meta?.error as Error | undefined)?.stack ?? '') : '';
    this.write(`${new Date().toISOString()} ${level.padEnd(5)} ${text}${summary(meta)}${stack ? `\n${stack}` : ''}\n`);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

export function logLevelFrom(env: NodeJS.ProcessEnv = process.env, fallback: LogLevel = 'WARN'): LogLevel {
  const wanted = env.MEDEVAL_LOG_LEVEL?.toUpperCase();
  return LEVELS.find((l) => l === wanted) ?? fallback;
}

let installed = false;

/**
 * Installs the Temporal runtime once per process, with core logs forwarded to the same one-line logger, and with
 * `prometheusAddress` (host:port) its metrics served there for Prometheus.
 */
export function installRuntime(level: LogLevel = logLevelFrom(), prometheusAddress?: string): void {
  if (installed) return;
  installed = true;
  Runtime.install({
    logger: new LineLogger(level),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: level === 'TRACE' ? 'DEBUG' : level }), forward: {} },
      ...(prometheusAddress ? { metrics: { prometheus: { bindAddress: prometheusAddress } } } : {}),
    },
  });
}

/**
 * Ends the runtime `installRuntime` made. The SDK shuts it down with the last worker or native connection of the
 * process; a process that only ever used a client (a benchmark's own process) would otherwise never exit.
 */
export async function shutdownRuntime(): Promise<void> {
  if (!installed) return;
  installed = false;
  await Runtime.instance().shutdown();
}
