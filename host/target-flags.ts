/**
 * Flags → .kpa.json → defaults: the Target a command checks or builds for. One function for every command
 * that reads the project's settings (kpa lint, kpa build), so both resolve and word mistakes alike.
 */
import { resolveTarget } from '../analyzers/manifests/resolve-target.js';
import type { Manifest, Target } from '../analyzers/target.js';
import { relativePath } from '../analyzers/workspace.js';
import { toPosix } from './disk-workspace.js';
import type { HostEnv } from './host-env.js';
import type { ProjectSettings } from './project-settings.js';
import { readManifestOption } from './read-manifest.js';
import { UsageError } from './usage-error.js';

export interface TargetFlags {
  krakend?: string;
  flavour?: string;
  arch?: string;
  /** A manifest file written by `kpa manifest` (a custom KrakenD build). */
  manifest?: string;
}

export function targetFromFlags(flags: TargetFlags, project: ProjectSettings, host: HostEnv): Target {
  let manifest: Manifest | undefined;
  if (flags.manifest) manifest = readManifestOption(flags.manifest, host.cwd);
  const { target: fromSettings, ranges } = project.settings;
  const resolved = resolveTarget({
    krakend: flags.krakend ?? fromSettings.krakend,
    flavour: flags.flavour ?? fromSettings.flavour,
    arch: flags.arch ?? fromSettings.arch,
    manifest,
  });
  if ('target' in resolved) return resolved.target;
  // Point at .kpa.json when the bad version came from there rather than from a flag.
  if (project.file && !flags.krakend && ranges.target.krakend && /KrakenD version/.test(resolved.error)) {
    const start = ranges.target.krakend.start;
    throw new UsageError(`${relativePath(toPosix(host.cwd), project.file)}:${start.line + 1}:${start.character + 1}: ${resolved.error}`);
  }
  throw new UsageError(resolved.error);
}
