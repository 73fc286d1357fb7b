/** Facts about a krakend.json (filled in by analyzers/config). */
export interface ConfigFacts {
  file: string;
}
