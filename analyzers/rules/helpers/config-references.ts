/** Which configs and plugin references the KPA3xx rules check, and how to name a place in a config. */
import type { EngineFacts } from '../../facts.js';
import type { ConfigFacts, PluginNameFact, PluginReferenceFact } from '../../config/facts.js';

/** Configs that parsed; invalid and templated ones only get KPA301/KPA302. */
export function checkedConfigs(facts: EngineFacts): ConfigFacts[] {
  return facts.configs.filter((c) => c.status === 'ok');
}

/** Plugin references KrakenD reads (inside an extra_config); `all` adds the misplaced ones (KPA307). */
export function* references(facts: EngineFacts, all = false): Generator<{ config: ConfigFacts; ref: PluginReferenceFact }> {
  for (const config of checkedConfigs(facts)) for (const ref of config.references) if (all || ref.inExtraConfig) yield { config, ref };
}

/** Names KrakenD will look up: strings without template markers (a name like `{{ .x }}` is rendered first). */
export function lookedUpNames(ref: PluginReferenceFact): PluginNameFact[] {
  return ref.names.filter((n) => !n.value.includes('{{'));
}

/** "the endpoint /foo", "backend 0 of the endpoint /foo", "the service" … for messages. */
export function describePlace(ref: PluginReferenceFact): string {
  const owner = ref.owner ? ` ${ref.owner}` : '';
  const backend = /backend\[(\d+)\]$/.exec(ref.location);
  const agent = ref.location.startsWith('async_agent');
  switch (ref.level) {
    case 'service':
      return 'the service extra_config';
    case 'endpoint':
      return `the extra_config of the endpoint${owner}`;
    case 'async_agent':
      return `the extra_config of the async agent${owner}`;
    case 'backend':
      return `the extra_config of backend ${backend?.[1] ?? '?'} of the ${agent ? 'async agent' : 'endpoint'}${owner}`;
  }
}
