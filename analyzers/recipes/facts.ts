/**
 * Facts about build recipes — Makefiles, Dockerfiles/Containerfiles, shell scripts and CI workflows (GitHub
 * Actions `run:`, GitLab CI `script:`) — as far as they build plugins: the `go build -buildmode=plugin`
 * commands they run (what each builds, where it writes the .so, the environment and flags it builds with,
 * the image it runs in), the images the recipe names, and where it copies files. They tell kpa which packages
 * a repository means to be plugins, which plugins share an output folder, and how each is built (KPA5xx).
 */
import type { Range } from '../diagnostics.js';

export type RecipeKind = 'makefile' | 'dockerfile' | 'script' | 'ci';

/** A `NAME=value` that applies to a build, or a go build flag, with the exact range where it is written. */
export interface BuildSetting {
  /** `CGO_ENABLED`, `GOFLAGS` … for the environment; `-trimpath`, `-ldflags` … for flags (one leading dash). */
  name: string;
  /** The value (`0`, `-s -w`); null for a flag without one. Unresolved variables stay as written. */
  value: string | null;
  /** The file that sets it (a Dockerfile ENV, a script's `export`, the build line itself). */
  file: string;
  /** The whole `NAME=value` or flag word (with its value when written `-flag=value` or as the next word). */
  range: Range;
  /** Where it comes from: the build's own line, `docker run -e`, the file (ENV, export, CI env), or GOFLAGS. */
  via: 'command' | 'docker-env' | 'file' | 'goflags';
}

/** An image a recipe names: a Dockerfile FROM, the image of a `docker run`, a CI `image:`/`container:`. */
export interface RecipeImage {
  file: string;
  /** As written, after substituting the recipe's own variables (ARG defaults, Makefile `:=`) where known. */
  ref: string;
  /** Repository without registry `docker.io/`/`library/` and tag: `krakend/builder`, `golang`, `krakend`. */
  name: string;
  /** The tag, or null when none (`latest`) or unresolved (holds a variable). */
  tag: string | null;
  /** The range of the reference on its line. */
  range: Range;
  /** The range of the tag as written, when it is literal text (a fix can replace it). */
  tagRange: Range | null;
  /** `--platform=linux/arm64` on the FROM or docker run, when given. */
  platform: string | null;
  source: 'from' | 'docker-run' | 'ci';
  /** A Dockerfile stage name (`AS builder`), when given. */
  stage: string | null;
}

/** A `COPY`/`ADD` of a Dockerfile or a `cp`/`mv` of a script: where a built .so may end up. */
export interface RecipeCopy {
  file: string;
  range: Range;
  /** `COPY --from=<stage>`; null for files of the context or the shell's cwd. */
  from: string | null;
  sources: string[];
  /** The destination as written (an image path for COPY, resolved against the cwd for cp/mv). */
  dest: string;
  destRange: Range;
}

export interface PluginBuildCommand {
  /** The recipe file and the range of the `go build` command in it. */
  file: string;
  range: Range;
  /** The directory go build runs in: the recipe's own, or a `cd DIR &&` / Dockerfile WORKDIR relative to it. */
  cwd: string;
  /**
   * What it builds, absolute: package directories, or `.go` files (`go build … main.go` builds only those
   * files). Empty means the package in `cwd`. Arguments with unresolved variables ($(X), ${X}) are left out.
   */
  targets: string[];
  /** The -o path, absolute; null when not given or not resolvable. */
  output: string | null;
  /** The -o value as written (an image path inside a Dockerfile or `docker run`), with its range. */
  outputWord?: { value: string; range: Range } | null;
  /** Whether an argument or the output could not be resolved (a variable, a glob): the command is only partly known. */
  partial: boolean;
  /** The environment it builds with, as far as the recipe says: file-level settings first, the command's last. */
  env?: BuildSetting[];
  /** Its go build flags, including those GOFLAGS carries (via 'goflags', at the GOFLAGS setting's range). */
  flags?: BuildSetting[];
  /** The image it runs in: the Dockerfile stage's FROM, the `docker run` image on its line, the CI job's image. */
  image?: RecipeImage | null;
}

export interface RecipeFacts {
  file: string;
  kind: RecipeKind;
  pluginBuilds: PluginBuildCommand[];
  /** Every image the recipe names, in file order. */
  images?: RecipeImage[];
  copies?: RecipeCopy[];
}
