/**
 * `kpa manifest from-binary <file> [-o manifest.json]`: reads a KrakenD (or any Go) executable's build
 * info from its ELF and writes a Manifest usable as a Target (`--manifest file`), for Enterprise and
 * custom builds kpa does not ship. The manifest also keeps the binary's package hashes, which is what
 * plugin.Open compares, so test-plugin's verdict against it is exact rather than predicted.
 */
import type { Command } from 'commander';
import { statSync, writeFileSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeBinary } from '../../analyzers/binary/index.js';
import { manifestFromBinaryFacts } from '../../analyzers/binary/manifest.js';
import { describeFsError, readRegularFile } from '../../host/disk-workspace.js';
import { writeFileAtomically } from '../../host/safe-write.js';
import { UsageError, type CliIO } from '../io.js';

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  const manifest = program.command('manifest').description('write a target manifest from a KrakenD (or any Go) binary');
  manifest
    .command('from-binary')
    .description("read a Go executable's build info (Go version, modules, replacements, build settings, package hashes) and write a manifest for --manifest")
    .argument('<file>', 'the KrakenD executable (or any Go program)')
    .option('-o, --output <file>', 'write the manifest here instead of stdout')
    .action((file: string, opts: { output?: string }) => {
      done(runManifestFromBinary(file, opts, io));
    });
}

export function runManifestFromBinary(file: string, opts: { output?: string }, io: CliIO): number {
  const abs = resolve(io.cwd, file);
  let bytes: Uint8Array;
  let input: Stats;
  try {
    input = statSync(abs);
    if (input.isDirectory()) throw new UsageError(`${file}: is a directory, give the KrakenD executable`);
    bytes = readRegularFile(abs);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${file}: ${describeFsError(err)}`);
  }
  const r = manifestFromBinaryFacts(analyzeBinary(abs, bytes));
  if ('error' in r) throw new UsageError(`${file}: ${r.error}`);
  const text = JSON.stringify(r.manifest, null, 2) + '\n';
  if (!opts.output) {
    io.stdout(text);
    return 0;
  }
  const out = resolve(io.cwd, opts.output);
  if (sameFile(input, out)) throw new UsageError(`${opts.output}: is the binary being read (${file}); write the manifest elsewhere`);
  try {
    // A device or pipe (-o /dev/stdout) is written as it is; replacing it with a file would be wrong.
    if (existsAsSpecialFile(out)) writeFileSync(out, text);
    else writeFileAtomically(out, text);
  } catch (err) {
    throw new UsageError(`${opts.output}: ${describeFsError(err)}`);
  }
  const m = r.manifest;
  io.stderr(`wrote ${opts.output}: KrakenD ${m.krakend}, Go ${m.go}, ${Object.keys(m.modules).length} modules, ${Object.keys(m.build?.packageHashes ?? {}).length} package hashes\n`);
  return 0;
}

/** Whether `path` is the file `input` describes (one inode, whatever the names or links). */
function sameFile(input: Stats, path: string): boolean {
  try {
    const st = statSync(path);
    return st.dev === input.dev && st.ino === input.ino;
  } catch {
    return false;
  }
}

function existsAsSpecialFile(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}
