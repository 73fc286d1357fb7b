/**
 * The one lint pipeline of the CLI's doors (`kpa lint` and the lint before `kpa build`):
 * paths → workspace on disk minus ignored files → analysis (worker threads when every package is parsed) →
 * reported findings (KPA001 walk problems, kpa:ignore, ignore globs: analyzers/reported-findings.ts, which the
 * language server applies to its session's findings too).
 */
import type { EngineFacts } from '../analyzers/facts.js';
import { reportedFindings, type ReportedFindings } from '../analyzers/reported-findings.js';
import type { Target } from '../analyzers/target.js';
import { Workspace, type FileSource, type ReadResult } from '../analyzers/workspace.js';
import { loadDiskWorkspace } from './disk-workspace.js';
import type { HostEnv } from './host-env.js';
import { ignoredBy, type ProjectSettings } from './project-settings.js';
import { analyzeDiskWorkspace } from './run-analysis.js';

export interface LintRequest {
  /** Files or directories to check, relative to host.cwd (default: the cwd). */
  paths: string[];
  project: ProjectSettings;
  target: Target | null;
  /** Skip parsing packages that never mention a plugin symbol (default true). */
  prefilter?: boolean;
  /** KrakenD configurations to check whatever their name (absolute paths; `kpa lint --config`). */
  extraConfigs?: string[];
  /** Files the caller leaves out besides the ignore globs (the build's lint leaves out built .so files). */
  exclude?: (file: string) => boolean;
  /** Called as files are read, for a progress bar. */
  onRead?: (done: number, total: number) => void;
}

export interface LintRun extends ReportedFindings {
  workspace: Workspace;
  facts: EngineFacts;
  /** How many worker threads parsed Go (0: parsed in-process; whole-tree runs of large trees use them). */
  parseThreads: number;
  /** Every file the lint looked at, sorted. */
  files: string[];
  readText(file: string): string | undefined;
}

export async function runLint(request: LintRequest, host: HostEnv): Promise<LintRun> {
  const { project, target } = request;
  const { workspace: disk, problems } = loadDiskWorkspace(request.paths, host.cwd);
  const isIgnored = ignoredBy(project);
  const kept = disk.source.paths().filter((f) => !isIgnored?.(f) && !request.exclude?.(f));
  const extra = request.extraConfigs ?? [];
  const files = [...new Set([...kept, ...extra])].sort();
  const workspace = new Workspace(disk.root, new CountingSource(disk.source, files, request.onRead));
  for (const config of extra) if (!workspace.configFiles.includes(config)) workspace.configFiles.push(config);

  const { facts, diagnostics, parseThreads } = await analyzeDiskWorkspace(workspace, host.env, { target, prefilter: request.prefilter, rules: project.settings.rules });
  const readText = (file: string) => {
    const read = workspace.read(file);
    return 'text' in read ? read.text : undefined;
  };
  const reported = reportedFindings(diagnostics, {
    target,
    rules: project.settings.rules,
    suppressionFiles: files,
    readText,
    isIgnored,
    walkProblems: problems,
  });
  return { ...reported, workspace, facts, parseThreads, files, readText };
}

/** The disk source restricted to the files kept, counting first reads for a progress bar. */
class CountingSource implements FileSource {
  private seen = new Set<string>();
  constructor(
    private inner: FileSource,
    private files: string[],
    private onRead: ((done: number, total: number) => void) | undefined,
  ) {}
  paths(): readonly string[] {
    return this.files;
  }
  read(path: string): ReadResult {
    const result = this.inner.read(path);
    if (this.onRead && !this.seen.has(path)) {
      this.seen.add(path);
      this.onRead(this.seen.size, this.files.length);
    }
    return result;
  }
  readBytes(path: string): Uint8Array | { error: string } {
    return this.inner.readBytes ? this.inner.readBytes(path) : { error: 'cannot read bytes' };
  }
}
