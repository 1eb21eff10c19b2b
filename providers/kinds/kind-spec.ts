import type { Provider } from '../contract.js';
import type { ProviderProfile } from '../profiles.js';
import type { ProviderLogger, ProviderLogLevel } from '../sdk-logger.js';

export interface CreateProviderOptions {
  logger?: ProviderLogger;
  logLevel?: ProviderLogLevel;
}

/**
 * Everything medeval knows about one kind of provider, declared once: adding a kind is one file like this and one
 * line in `index.ts`.
 */
export interface ProviderKindSpec {
  kind: string;
  /** what the kind is, for `provider list` and error messages */
  describe: string;
  /** the SDK's conventional key variable, used when a profile names none */
  defaultKeyEnv?: string;
  /** used when a profile gives no baseUrl; kinds without one require it */
  defaultBaseUrl?: string;
  /** its providers have a batch capability (`batch.enabled` profiles are allowed) */
  batch?: true;
  /** rules for this kind's profiles beyond the common fields; each problem names its field */
  check?(profile: ProviderProfile): { path: string; message: string }[];
  /** the client, built from the profile and the key read from `env` */
  create(profile: ProviderProfile, env: NodeJS.ProcessEnv, options: CreateProviderOptions): Provider;
}
