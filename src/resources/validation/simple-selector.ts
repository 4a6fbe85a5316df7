/**
 * A quick yes for the selectors bulk input is made of, without tokens or a syntax tree:
 *
 *   selector := term (('&&' | '||') term)*        (or only spaces: the empty selector)
 *   term     := '!'* (label ('==' | '!=') quoted | 'has(' label ')' | 'all(' ')')
 *
 * with spaces and tabs allowed between tokens. Every text this accepts is a selector the
 * parser in ../selector accepts (same lexical rules: label characters and at most
 * MAX_LABEL_LENGTH of them, quotes without escapes, '!' not followed by '=', `has(`/`all(`
 * read before a label); anything else, valid or not, is left to the parser, which also words
 * the problems. One regular expression: V8 runs it as native code from the first calls on,
 * which matters for a bulk apply that is over before JavaScript code is optimised.
 */
import { MAX_LABEL_LENGTH } from '../selector/tokens.js';

const WS = '[ \\t]*';
const LABEL = `[A-Za-z0-9_./-]{1,${MAX_LABEL_LENGTH}}`;
const QUOTED = `(?:'[^']*'|"[^"]*")`;
const TERM = `(?:!(?!=)${WS})*(?:has\\(${WS}${LABEL}${WS}\\)|all\\(${WS}\\)|${LABEL}${WS}[=!]=${WS}${QUOTED})`;
const SIMPLE_RE = new RegExp(`^${WS}(?:${TERM}(?:${WS}(?:&&|\\|\\|)${WS}${TERM})*${WS})?$`);

/** True when `s` is in the simple form above (and so a valid selector); false says nothing. */
export function isSimpleValidSelector(s: string): boolean {
  return SIMPLE_RE.test(s);
}
