/**
 * Which built plugins the service `plugin` block would load: KrakenD lists `folder` (not recursively)
 * and keeps the files whose name contains `pattern` as a plain substring (spec §1.1, lura Scan).
 * A relative folder is taken relative to the config file's directory, where KrakenD is usually started.
 */
import type { PluginBlockFact, PluginFolderFact } from './facts.js';
import { basename, dirname } from '../workspace.js';

export function resolvePluginFolder(configFile: string, block: PluginBlockFact | null, root: string, sharedObjects: readonly string[]): PluginFolderFact | null {
  if (block?.type !== 'object' || block.folder?.type !== 'string' || block.pattern?.type !== 'string') return null;
  const pattern = block.pattern.value!;
  const folder = resolvePath(dirname(configFile), block.folder.value!);
  const insideWorkspace = folder === root || folder.startsWith(root.endsWith('/') ? root : root + '/');
  const inFolder = sharedObjects.filter((so) => dirname(so) === folder);
  return {
    folder,
    pattern,
    insideWorkspace,
    sharedObjects: sharedObjects.length,
    inFolder,
    matching: inFolder.filter((so) => basename(so).includes(pattern)),
    matchingElsewhere: sharedObjects.filter((so) => dirname(so) !== folder && basename(so).includes(pattern)),
  };
}

/** `folder` against `base` (absolute, '/' separators), with `.`/`..` and trailing slashes resolved. */
export function resolvePath(base: string, folder: string): string {
  const parts: string[] = [];
  const path = folder.replace(/\\/g, '/');
  for (const part of (path.startsWith('/') ? path : `${base}/${path}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}
