#!/usr/bin/env node
// `npm run manifests`: regenerates analyzers/manifests/generated/release-data.ts from the release reference data.
// Usage: node scripts/generate-manifests.mjs [releasesDir] (default ../shared/krakend/releases).
// It runs the compiled generator (dist/), so build first: `tsc -p tsconfig.build.json && node scripts/generate-manifests.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const releasesDir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'krakend', 'releases'));
const { RELEASE_DATA_MODULE, generateManifestData, renderManifestModule } = await import(join(root, 'dist', 'analyzers', 'manifests', 'generate-manifest-data.js'));

const index = JSON.parse(readFileSync(join(releasesDir, 'index.json'), 'utf8'));
const data = generateManifestData(index, (version) => readFileSync(join(releasesDir, version, 'go.mod'), 'utf8'));
const out = join(root, RELEASE_DATA_MODULE);
writeFileSync(out, renderManifestModule(data));
process.stderr.write(`wrote ${out}: ${data.releases.length} releases\n`);
