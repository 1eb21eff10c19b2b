/** The providers folder's public surface: what activities and the CLI import. */
export type { ChatMessage, CompletionParams, CompletionRequest, CompletionResult, FinishReason, Provider, ProviderKind, TokenUsage } from './contract.js';
export { ProviderError, ERROR_KINDS, isRetryableKind, type ErrorKind } from './errors.js';
export { classifyError, classifyFacts, type Classification } from './classify-error.js';
export { describeError, type ErrorFacts } from './error-facts.js';
export { retryDelayMs } from './retry-delay.js';
export { scrubSecrets } from './scrub-secrets.js';
export { buildMessages, type Turn } from './messages.js';
export { stripReasoning } from './strip-reasoning.js';
export { cost, type Pricing } from './cost.js';
export { apiKeyEnvOf, getProfile, loadProfiles, parseProfiles, profilesFileFrom, type ProfileSet, type ProviderProfile } from './profiles.js';
export { createProvider, DEFAULT_TIMEOUT_MS, type CreateProviderOptions } from './create-provider.js';
export { ReplayProvider } from './replay-provider.js';
export type { ProviderLogger, ProviderLogLevel } from './sdk-logger.js';
