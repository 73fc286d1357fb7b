/** Facts read from a built plugin (.so) or a KrakenD binary (filled in by analyzers/binary). */
export interface BinaryFacts {
  file: string;
}
