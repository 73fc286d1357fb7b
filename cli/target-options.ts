/**
 * The target flags (--krakend, --flavour, --arch, --manifest), defined once for every command that takes
 * them: the same names, value shapes and help wording everywhere; each command says only what the target is
 * for and where its defaults come from.
 */
import { Option, type Command } from 'commander';

/** The help section the target flags are listed under, in every command. */
export const TARGET_HELP_GROUP = 'Target options:';

export interface TargetOptionSpec {
  /** What the release is for, completing "KrakenD release …" (e.g. "to check against"). */
  purpose: string;
  /** Defaults: read from .kpa.json (lint, build), or fixed values commander fills in. */
  defaults: 'settings' | { krakend?: string; flavour?: string; arch?: string };
  /** Which flags the command takes besides --krakend (default: flavour and arch). */
  flavour?: boolean;
  arch?: boolean;
  manifest?: boolean;
  /** What --flavour or --arch decide, where it is narrower than the target (inspect: build constraints). */
  flavourFor?: string;
  archFor?: string;
}

const VERSION = 'X.Y.Z, X.Y (newest patch) or latest';
const FLAVOUR = 'alpine (the Docker image, musl) or linux-generic (deb/rpm/tgz, glibc)';
const ARCH = 'amd64 or arm64';

export function addTargetOptions(command: Command, spec: TargetOptionSpec): Command {
  const add = (flags: string, help: string, value?: string) => {
    const option = new Option(flags, help).helpGroup(TARGET_HELP_GROUP);
    command.addOption(value === undefined ? option : option.default(value));
  };
  const fromSettings = spec.defaults === 'settings';
  const fixed = spec.defaults === 'settings' ? {} : spec.defaults;
  const settingsDefault = (then: string) => (fromSettings ? ` (default: .kpa.json, then ${then})` : '');
  const krakendHelp = `KrakenD release ${spec.purpose}: ${VERSION}${settingsDefault('latest')}`;
  add('--krakend <version>', krakendHelp, fixed.krakend);
  if (spec.flavour !== false) {
    const what = spec.flavourFor ? ` ${spec.flavourFor}` : '';
    add('--flavour <flavour>', `${FLAVOUR}${what}${settingsDefault('alpine')}`, fixed.flavour);
  }
  if (spec.arch !== false) {
    const what = spec.archFor ? ` (${spec.archFor})` : '';
    add('--arch <arch>', `${ARCH}${what}${settingsDefault('amd64')}`, fixed.arch);
  }
  if (spec.manifest) add('--manifest <file>', 'a custom KrakenD build, described by a manifest from `kpa manifest from-binary` (instead of --krakend)');
  return command;
}
