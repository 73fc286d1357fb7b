/** Facts about a Go module: its go.mod and go.sum (filled in by analyzers/modules). */
export interface ModuleFacts {
  /** Absolute path of go.mod. */
  goModFile: string;
  dir: string;
  modulePath: string | null;
}
