/**
 * Runs the fake provider standalone on 127.0.0.1 and prints its URL, e.g. for the demo's simulated profiles:
 *   npx tsx simulator/cli.ts --port 8787 [--config fake.yaml] [--keys k1,k2] [--latency 50 | 20-80] [--call-log calls.jsonl]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { parseSimulatorConfig, type SimulatorConfig } from './config.js';
import { Simulator } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    config: { type: 'string' },
    keys: { type: 'string' },
    latency: { type: 'string' },
    'call-log': { type: 'string' },
  },
});

function latencyOf(text: string): SimulatorConfig['latencyMs'] {
  const [min, max] = text.split('-').map(Number);
  if (min === undefined || Number.isNaN(min) || (max !== undefined && Number.isNaN(max))) {
    throw new Error(`--latency: expected milliseconds (50) or a range (20-80), got "${text}"`);
  }
  return max === undefined ? min : [min, max];
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected 0-65535, got "${values.port}"`);
const fromFile = values.config ? parseSimulatorConfig(parseYaml(readFileSync(values.config, 'utf8')), values.config) : {};
const fake = new Simulator({
  ...fromFile,
  ...(values.keys ? { validKeys: values.keys.split(',') } : {}),
  ...(values.latency ? { latencyMs: latencyOf(values.latency) } : {}),
  ...(values['call-log'] ? { callLogFile: values['call-log'] } : {}),
});
console.log(await fake.start(port));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void fake.stop().then(() => process.exit(0)));
}
