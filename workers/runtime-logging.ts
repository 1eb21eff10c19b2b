import { DefaultLogger, Runtime } from '@temporalio/worker';

/** Worker state changes at INFO drown a command's own output; warnings and errors still show. */
export function installQuietRuntime(level: 'WARN' | 'INFO' | 'DEBUG' = (process.env.MEDEVAL_LOG_LEVEL as 'WARN') || 'WARN'): void {
  Runtime.install({ logger: new DefaultLogger(level) });
}
