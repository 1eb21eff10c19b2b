/** The providers folder's public surface: what activities and the CLI import. */
export type { BatchCapability, ChatMessage, CompletionParams, CompletionRequest, CompletionResult, FinishReason, Provider, ProviderKind, TokenUsage } from './contract.js';
export { ProviderError, ERROR_KINDS, isRetryableKind, type ErrorKind } from './errors.js';
export { classifyError, classifyFacts, type Classification } from './classify-error.js';
export { describeError, type ErrorFacts } from './error-facts.js';
export { retryDelayMs } from './retry-delay.js';
export { scrubSecrets } from './scrub-secrets.js';
export { buildMessages, type Turn } from './messages.js';
export { stripReasoning } from './strip-reasoning.js';
export { cost, type Pricing } from './cost.js';
export { getProfile, loadProfiles, parseProfiles, profilesFileFrom, type ProfileSet, type ProviderProfile } from './profiles.js';
export { apiKeyEnvOf, createProvider, DEFAULT_TIMEOUT_MS, PROVIDER_KIND_SPECS, type CreateProviderOptions, type ProviderKindSpec } from './kinds/index.js';
export type { ProviderLogger, ProviderLogLevel } from './sdk-logger.js';
