/** A mistake the user can fix: printed by the door as one line, exit code 2 (or the given one). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
