/**
 * Which files feed flexible-configuration templates, by path (fact-kinds.ts gives them to the config kind of
 * facts, so an edit re-renders the templates). No imports: fact-kinds.ts sits below the Workspace.
 */

/** JSON under a `settings` folder, anything under a `partials` folder, `*.tmpl` files. */
export function isFlexibleConfigInput(path: string): boolean {
  if (path.endsWith('.tmpl')) return true;
  if (/\/settings\//.test(path) && path.endsWith('.json')) return true;
  return /\/partials\//.test(path);
}

/** Files that may set FC_* variables besides build recipes: compose files and .env files (by base name). */
export function isEnvironmentFile(name: string): boolean {
  return /^(docker-)?compose(\.[\w-]+)*\.ya?ml$/i.test(name) || /^\.env(\.[\w-]+)?$/.test(name) || /^[\w-]+\.env$/.test(name);
}

/** A flexible-configuration template named like a config (`krakend.tmpl`), outside a templates or partials folder. */
export function isConfigTemplatePath(path: string): boolean {
  return /\/krakend[^/]*\.tmpl$/i.test(path) && !/\/(templates|partials)\/[^/]*$/.test(path);
}
