/**
 * Differential test (issue 3, "Prove it against the real Go runtime"): every variant in
 * fixtures/differential/variants.ts is built with `go build -buildmode=plugin` and loaded by
 * fixtures/loader, which does what KrakenD's loaders do; kpa's `inspect --format json` verdict must equal
 * the loader's for every variant × kind. Needs Go (1.19) on PATH: without it the test fails.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLUGIN_KINDS, type PluginKind } from '../../analyzers/go/plugin-kinds.js';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import {
  agreementTable,
  disagreements,
  expectationMismatches,
  kpaVerdicts,
  runtimeVerdicts,
  type Disagreement,
  type InspectJson,
  type RuntimeVerdict,
} from '../../fixtures/differential/compare.js';
import { writeVariants, type GeneratedVariant } from '../../fixtures/differential/generate.js';
import {
  buildLoader,
  buildPlugin,
  goEnvironment,
  goHostPlatform,
  goVersion,
  mapConcurrent,
  runLoader,
  type BuildResult,
} from '../../fixtures/differential/go-toolchain.js';
import { VARIANTS } from '../../fixtures/differential/variants.js';

/** Kept between runs so only the first run compiles the standard library for plugins. */
const GOCACHE = process.env.KPA_DIFFERENTIAL_GOCACHE ?? join(tmpdir(), 'kpa-differential-gocache');
const CORES = 2;

interface VariantRun {
  g: GeneratedVariant;
  build: BuildResult;
  runtime: Record<PluginKind, RuntimeVerdict>;
}

let work = '';
let variantsRoot = '';
let runs: VariantRun[] = [];
/** Why the Go side could not run; every test then fails with it (a missing Go is a failure, not a skip). */
let setupError: Error | null = null;

beforeAll(async () => {
  try {
    await buildAndLoadAll();
  } catch (err) {
    setupError = err as Error;
  }
}, 900_000);

async function buildAndLoadAll(): Promise<void> {
  const env = goEnvironment(GOCACHE);
  const version = await goVersion(env);
  const platform = await goHostPlatform(env);
  work = await mkdtemp(join(tmpdir(), 'kpa-differential-'));
  variantsRoot = join(work, 'variants');
  const soDir = join(work, 'so');
  await mkdir(soDir, { recursive: true });
  const generated = await writeVariants(variantsRoot);
  const loader = join(work, 'loader');
  const started = Date.now();
  const buildOne = (g: GeneratedVariant) => buildPlugin(g.dir, join(soDir, `${g.id}.so`), env);
  // The first plugin build compiles the standard library for plugins; the loader build compiles it
  // for executables: run those two side by side, then the rest on both cores with a warm cache.
  const [loaderBuild, firstBuild] = await Promise.all([buildLoader(loader, env), buildOne(generated[0])]);
  if (!loaderBuild.ok) throw new Error(`fixtures/loader does not build:\n${loaderBuild.output}`);
  const builds = [firstBuild, ...(await mapConcurrent(generated.slice(1), CORES, buildOne))];
  const built = Date.now();
  runs = await mapConcurrent(generated, CORES, async (g) => {
    const build = builds[generated.indexOf(g)];
    const lines = build.ok ? await runLoader(loader, join(soDir, `${g.id}.so`), env) : [];
    return { g, build, runtime: runtimeVerdicts(build, lines) };
  });
  console.log(
    `differential: ${version} on ${platform}; ${generated.length} variants built in ${((built - started) / 1000).toFixed(1)}s ` +
      `(${CORES} at a time, GOCACHE=${GOCACHE}), loaded in ${((Date.now() - built) / 1000).toFixed(1)}s`,
  );
}

afterAll(async () => {
  if (work && !process.env.KPA_DIFFERENTIAL_KEEP) await rm(work, { recursive: true, force: true });
  else if (work) console.log(`differential: variants and plugins kept in ${work}`);
});

async function inspect(dir: string): Promise<{ code: number; json: InspectJson | null; stdout: string; stderr: string }> {
  const io = captureIO(variantsRoot, { ...process.env, NO_COLOR: '1' });
  const code = await main(['inspect', dir, '--format', 'json'], io);
  const stdout = io.stdoutText();
  let json: InspectJson | null = null;
  try {
    const parsed = JSON.parse(stdout) as InspectJson;
    if (Array.isArray(parsed?.packages)) json = parsed;
  } catch {
    json = null;
  }
  return { code, json, stdout, stderr: io.stderrText() };
}

describe('differential: kpa against the Go runtime', () => {
  it('has the Go toolchain, and built and loaded every variant', () => {
    expect(setupError?.message ?? null).toBeNull();
  });

  it('has at least 40 variants with unique slugs, covering all four kinds and a failing build', () => {
    expect(VARIANTS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(VARIANTS.map((v) => v.slug)).size).toBe(VARIANTS.length);
    for (const kind of PLUGIN_KINDS) {
      expect(VARIANTS.some((v) => v.expect[kind]?.loads === true), `${kind} loads somewhere`).toBe(true);
      expect(VARIANTS.some((v) => v.expect[kind]?.loads === false), `${kind} is rejected somewhere`).toBe(true);
    }
    expect(VARIANTS.some((v) => v.buildFails)).toBe(true);
  });

  it('the loader reproduces spec §1.7 for every variant (the judge is right)', () => {
    expect(setupError?.message ?? null).toBeNull();
    expect(runs).toHaveLength(VARIANTS.length);
    const mismatches = runs.flatMap((r) => expectationMismatches(r.g, r.runtime));
    expect(mismatches, mismatches.join('\n')).toEqual([]);
  });

  it('kpa inspect gives the loader’s verdict for every variant × kind', async () => {
    const rows: Array<{ g: GeneratedVariant; runtime: Record<PluginKind, RuntimeVerdict>; found: Disagreement[] }> = [];
    const kpaFailures: string[] = [];
    expect(setupError?.message ?? null).toBeNull();
    for (const { g, runtime } of runs) {
      const result = await inspect(g.dir);
      if (result.json === null && !g.variant.buildFails) {
        kpaFailures.push(`${g.id} ${g.variant.slug}: no inspect JSON (exit ${result.code}): ${(result.stderr || result.stdout).slice(0, 300)}`);
      }
      const kpa = kpaVerdicts(result.json ?? { packages: [] }, g.id);
      rows.push({ g, runtime, found: disagreements(g, runtime, kpa) });
    }
    const found = rows.flatMap((r) => r.found);
    console.log(agreementTable(rows));
    const details = found.map((d) => {
      const files = Object.entries(runs.find((r) => r.g.id === d.id)!.g.variant.files)
        .map(([name, text]) => `--- ${name}\n${text}`)
        .join('');
      return `${d.id} ${d.slug} [${d.kind}] ${d.field}: loader ${d.loader}; kpa ${d.kpa}\n${files}`;
    });
    if (details.length) console.log(`differential disagreements:\n\n${details.join('\n')}`);
    expect(kpaFailures, kpaFailures.join('\n')).toEqual([]);
    expect(
      found.map((d) => `${d.id} ${d.slug} [${d.kind}] ${d.field}: loader ${d.loader}; kpa ${d.kpa}`),
      'kpa disagrees with the Go runtime (variant sources printed above)',
    ).toEqual([]);
  }, 180_000);
});
