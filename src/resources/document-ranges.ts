/**
 * Where the documents of a YAML stream are, found as calicoctl finds them: every line that
 * starts with `---` separates two documents, and the rest of such a line is dropped. Ranges
 * are indexes into the text, so nothing is copied.
 */

/** Walks the document ranges of a text: `while (r.next()) use(r.start, r.end)`. */
export class DocumentRanges {
  /** The current document: text[start, end) (end is the start of its `---` line, or the end). */
  start = 0;
  end = 0;
  /** Where the next document starts; -1 when there is none. */
  private pos = 0;

  constructor(readonly text: string) {}

  next(): boolean {
    const { text } = this;
    const start = this.pos;
    if (start === -1) return false;
    let sep: number;
    if (text.startsWith('---', start)) {
      sep = start;
    } else {
      const nl = text.indexOf('\n---', start);
      sep = nl === -1 ? -1 : nl + 1;
    }
    if (sep === -1) {
      // The last document; a stream ending with a separator line has no empty one after it.
      this.pos = -1;
      if (start >= text.length) return false;
      this.start = start;
      this.end = text.length;
      return true;
    }
    this.start = start;
    this.end = sep;
    const nl = text.indexOf('\n', sep);
    this.pos = nl === -1 ? -1 : nl + 1;
    return true;
  }
}

/** The 1-based line of text[index]. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
