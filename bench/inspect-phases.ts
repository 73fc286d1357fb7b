/**
 * `node dist/bench/inspect-phases.js <tree>`: one cold process doing what `kpa inspect --format json <tree>` does,
 * phase by phase, printing one JSON line of milliseconds. bench/inspect.bench.ts runs it for the breakdown.
 * Reads and skims go through a FileSource that times them, so the phases add up to the process.
 */
const started = performance.now(); // since the process began: node's own start-up

const t0 = performance.now();
const [{ Command }, { inspectReport }, { loadDiskWorkspace }, { loadParserFor }, { computeFacts, runRules }, { moduleCacheFor }, { Workspace }] = await Promise.all([
  import('commander'),
  import('../cli/commands/inspect.js'),
  import('../host/disk-workspace.js'),
  import('../host/run-analysis.js'),
  import('../analyzers/engine.js'),
  import('../host/module-cache.js'),
  import('../analyzers/workspace.js'),
]);
void Command;
const modules = performance.now() - t0;

const root = process.argv[2];
const t1 = performance.now();
const { workspace: walked } = loadDiskWorkspace([root], root);
const walk = performance.now() - t1;

let skimMs = 0;
let readMs = 0;
const disk = walked.source;
const timed = new Workspace(walked.root, {
  paths: () => disk.paths(),
  read(path) {
    const t = performance.now();
    const r = disk.read(path);
    readMs += performance.now() - t;
    return r;
  },
  readBytes: (path) => disk.readBytes!(path),
  skimGo(path) {
    const t = performance.now();
    const r = disk.skimGo!(path);
    skimMs += performance.now() - t;
    return r;
  },
});

const t2 = performance.now();
const parser = await loadParserFor(timed, process.env);
const parserLoad = performance.now() - t2;

const t3 = performance.now();
const options = { parser, target: null, goarch: 'amd64', prefilter: true, moduleCache: moduleCacheFor(process.env) };
const facts = computeFacts(timed, options);
const factsMs = performance.now() - t3;

const t4 = performance.now();
const diagnostics = runRules(facts, options);
const rules = performance.now() - t4;

const t5 = performance.now();
const json = JSON.stringify(inspectReport(facts, diagnostics, root)) + '\n';
const output = performance.now() - t5;

const parsedPackages = facts.go.filter((p) => p.parsed);
process.stdout.write(
  JSON.stringify({
    start: started,
    modules: modules + parserLoad,
    walk,
    skim: skimMs,
    fullReads: readMs,
    otherFacts: factsMs - skimMs - readMs,
    rules,
    output,
    total: performance.now(),
    files: [...walked.goPackages.values()].reduce((n, f) => n + f.length, 0),
    packages: walked.goPackages.size,
    parsedPackages: parsedPackages.length,
    parsedFiles: parsedPackages.reduce((n, p) => n + p.files.length, 0),
    outputBytes: json.length,
  }) + '\n',
);
