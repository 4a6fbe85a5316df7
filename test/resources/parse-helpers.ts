/** Shared by the parseDocuments tests: the reason a text is refused with. */
import { expect } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseDocuments } from '../../src/resources/documents.js';

/** The InputError message parseDocuments gives for `text` (read as `in.yaml`); fails if it parses. */
export function refusal(text: string): string {
  try {
    parseDocuments(text, 'in.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('parsed');
}
