/**
 * A guess at each document's kind before it is read, from its top-level `kind: <Kind>` line
 * (at the start of a line, so not inside an indented mapping). It is only a guess, used to pick
 * the schema the fast reader checks against; the kind a document really has is decided by
 * reading it. Documents are looked at in order, so one search serves until it is passed.
 */
export class KindLines {
  /** The search last made: from where, and the `\n` of the `\nkind: ` it found (-1: none). */
  private searchedFrom = -1;
  private found = -1;
  private lastName = '';

  constructor(readonly text: string) {}

  /** The kind named by a `kind: ` line in text[start, end) (plain text up to the line end), if any. */
  nameIn(start: number, end: number): string | undefined {
    const { text } = this;
    let at: number;
    if (text.startsWith('kind: ', start)) {
      at = start;
    } else {
      if (this.searchedFrom === -1 || start < this.searchedFrom || (this.found !== -1 && this.found < start)) {
        this.searchedFrom = start;
        this.found = text.indexOf('\nkind: ', start);
      }
      if (this.found === -1 || this.found >= end) return undefined;
      at = this.found + 1;
    }
    const from = at + 6;
    const last = this.lastName;
    if (last !== '' && text.startsWith(last, from) && isLineEnd(text.charCodeAt(from + last.length))) return last;
    let to = from;
    while (to < end && isNameChar(text.charCodeAt(to))) to++;
    if (to === from || !isLineEnd(text.charCodeAt(to))) return undefined;
    this.lastName = text.slice(from, to);
    return this.lastName;
  }
}

const isNameChar = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
/** A line end, the end of the text, or trailing spaces. */
const isLineEnd = (c: number): boolean => Number.isNaN(c) || c === 10 || c === 13 || c === 32;
