import { scrubbedErrorCopy, scrubSecrets } from './scrub-secrets.js';

/** The logger shape both SDKs accept. */
export interface ProviderLogger {
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
}

export type ProviderLogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/**
 * Wraps a logger so that nothing the SDKs log can carry the key: the SDKs redact auth headers themselves, but
 * bodies and server messages they log may echo it.
 */
export function scrubbingLogger(target: ProviderLogger, secrets: readonly string[]): ProviderLogger {
  const clean = (arg: unknown): unknown => {
    if (typeof arg === 'string') return scrubSecrets(arg, secrets);
    if (arg instanceof Error) return scrubbedErrorCopy(arg, secrets);
    if (arg === undefined || arg === null || typeof arg !== 'object') return arg;
    try {
      return JSON.parse(scrubSecrets(JSON.stringify(arg), secrets)) as unknown;
    } catch {
      return scrubSecrets(String(arg), secrets);
    }
  };
  const level =
    (name: keyof ProviderLogger) =>
    (...args: unknown[]): void =>
      target[name](...args.map(clean));
  return { error: level('error'), warn: level('warn'), info: level('info'), debug: level('debug') };
}
