/** A selector that does not parse: the reason (Calico's wording where it has one) and where. */
export class SelectorError extends Error {
  override readonly name = 'SelectorError';
  constructor(
    /** Why the selector is invalid, without the position. */
    readonly reason: string,
    /** 0-based index into the selector text where the problem was found. */
    readonly position: number,
  ) {
    super(`${reason} at position ${position}`);
  }
}
