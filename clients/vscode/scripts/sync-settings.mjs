/**
 * Writes the `contributes.configuration` of package.json: the settings the kpa server reads
 * (server/configuration.ts) plus the client's own, and one `kpa.rules` entry per rule kpa ships.
 * Reads the rules from the compiled kpa (run `npm run build` at the repository root first).
 * test/e2e/clients-vscode.test.ts fails when the manifest and the server disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const manifestPath = join(here, '..', 'package.json');
const { ALL_RULES } = await import(join(here, '..', '..', '..', 'dist', 'analyzers', 'rules', 'index.js'));

const severity = { type: 'string', enum: ['error', 'warning', 'note', 'off'] };

/** Settings the server reads, by key under `kpa.`; `properties` below must list exactly these (and the client's). */
export const properties = {
  'kpa.krakendVersion': {
    type: 'string',
    default: '',
    markdownDescription:
      'KrakenD release to check plugins against: `X.Y.Z`, `X.Y` (its newest patch) or `latest`. Empty: `target.krakend` of the project\'s `.kpa.json`, else the newest release kpa knows.',
    order: 0,
  },
  'kpa.flavour': {
    type: 'string',
    default: '',
    enum: ['', 'alpine', 'linux-generic'],
    enumDescriptions: ['From .kpa.json, else alpine', 'The Docker image (musl)', 'The deb/rpm/tgz packages (glibc)'],
    markdownDescription: 'Which build of that release runs the plugin.',
    order: 1,
  },
  'kpa.arch': {
    type: 'string',
    default: '',
    enum: ['', 'amd64', 'arm64'],
    enumDescriptions: ['From .kpa.json, else amd64', 'x86-64', 'ARM 64-bit'],
    markdownDescription: 'CPU architecture of the KrakenD that loads the plugin.',
    order: 2,
  },
  'kpa.rules': {
    type: 'object',
    default: {},
    markdownDescription: 'Severity per rule (id or name): `error`, `warning`, `note` or `off`. Overrides `rules` of `.kpa.json`.',
    properties: Object.fromEntries(ALL_RULES.map((r) => [r.id, { ...severity, description: `${r.name}: ${r.meta.summary} (default ${r.meta.severity})` }])),
    additionalProperties: severity,
    order: 3,
  },
  'kpa.maxScanFiles': {
    type: 'integer',
    default: 20000,
    minimum: 1,
    markdownDescription: 'Most files the language server reads when it scans the workspace at start.',
    order: 4,
  },
  'kpa.serverPath': {
    type: 'string',
    default: '',
    scope: 'machine-overridable',
    markdownDescription:
      'Path to the `kpa` executable (or its `bin/kpa.js`). Empty: the server bundled with the extension, else `node_modules/.bin/kpa` of the workspace, else `kpa` on PATH.',
    order: 5,
  },
  'kpa.trace.server': {
    type: 'string',
    default: 'off',
    enum: ['off', 'messages', 'verbose'],
    markdownDescription: 'Log the messages between VS Code and the kpa language server in the kpa output.',
    order: 6,
  },
};

/** Keys only the extension reads (the server ignores them). */
export const CLIENT_ONLY_SETTINGS = ['kpa.serverPath', 'kpa.trace.server'];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.contributes.configuration = { title: 'kpa', properties };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`wrote ${Object.keys(properties).length} settings (${ALL_RULES.length} rules) to package.json`);
}
