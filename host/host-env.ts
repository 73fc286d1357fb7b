/** What host functions read of the process they run in; the CLI's CliIO and the server's options provide it. */
export interface HostEnv {
  /** The directory relative paths are resolved against. */
  cwd: string;
  env: Record<string, string | undefined>;
}
