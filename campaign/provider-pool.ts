import type { Provider } from '../providers/contract.js';
import { createProvider } from '../providers/kinds/index.js';
import type { ProviderProfile } from '../providers/profiles.js';
import { profileHash } from './settings-snapshot.js';

/**
 * Provider clients per profile snapshot. Keyed by the profile's hash, not its name: a campaign whose profile
 * file pointed a name at another endpoint gets a client of its own and is served by the endpoint it recorded.
 */
export class ProviderPool {
  private readonly clients = new Map<string, Provider>();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  get(profile: ProviderProfile): Provider {
    const key = profileHash(profile);
    let client = this.clients.get(key);
    if (!client) {
      client = createProvider(profile, this.env);
      this.clients.set(key, client);
    }
    return client;
  }
}
