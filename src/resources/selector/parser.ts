/**
 * Recursive-descent parser over the tokens. Precedence: `!` (applies to one operation, repeated
 * `!`s collapse by parity), then `&&`, then `||`. An empty selector is `all()`.
 */
import type { SelectorNode, SetOp, ValueOp } from './ast.js';
import { toSortedSet } from './ast.js';
import { SelectorError } from './errors.js';
import { tokenize } from './tokenizer.js';
import type { Token, TokenKind } from './tokens.js';

/** Deeper parenthesis nesting than this is refused (keeps recursion far from the stack limit). */
export const MAX_NESTING = 500;

const VALUE_OPS: ReadonlySet<TokenKind> = new Set(['==', '!=', 'contains', 'starts with', 'ends with']);

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of selector';
  if (t.kind === 'label') return `label ${JSON.stringify(t.value)}`;
  if (t.kind === 'string') return `string ${JSON.stringify(t.value)}`;
  if (t.kind === 'has') return `has(${t.value})`;
  if (t.kind === 'all' || t.kind === 'global') return `${t.kind}()`;
  return `'${t.kind}'`;
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private take(): Token {
    const t = this.tokens[this.i]!;
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private fail(reason: string, t: Token = this.peek()): never {
    throw new SelectorError(reason, t.pos);
  }

  root(): SelectorNode {
    if (this.peek().kind === 'eof') return { type: 'all' };
    const node = this.or();
    const rest = this.peek();
    if (rest.kind !== 'eof') this.fail(`unexpected content at end of selector: ${describe(rest)}`, rest);
    return node;
  }

  private or(): SelectorNode {
    const operands = [this.and()];
    while (this.peek().kind === '||') {
      this.take();
      operands.push(this.and());
    }
    return operands.length === 1 ? operands[0]! : { type: 'or', operands };
  }

  private and(): SelectorNode {
    const operands = [this.operation()];
    while (this.peek().kind === '&&') {
      this.take();
      operands.push(this.operation());
    }
    return operands.length === 1 ? operands[0]! : { type: 'and', operands };
  }

  private operation(): SelectorNode {
    let negated = false;
    while (this.peek().kind === '!') {
      this.take();
      negated = !negated;
    }
    const node = this.positive();
    return negated ? { type: 'not', operand: node } : node;
  }

  private positive(): SelectorNode {
    const t = this.take();
    switch (t.kind) {
      case 'has':
        return { type: 'has', label: t.value };
      case 'all':
        return { type: 'all' };
      case 'global':
        return { type: 'global' };
      case 'label':
        return this.comparison(t);
      case '(':
        return this.group(t);
      case 'eof':
        return this.fail('unexpected end of selector, expected an expression', t);
      default:
        return this.fail(`unexpected ${describe(t)}, expected an expression`, t);
    }
  }

  private group(open: Token): SelectorNode {
    if (++this.depth > MAX_NESTING) this.fail(`parentheses nested more than ${MAX_NESTING} deep`, open);
    const node = this.or();
    if (this.peek().kind !== ')') this.fail(`expected ) to close the ( at position ${open.pos}, found ${describe(this.peek())}`);
    this.take();
    this.depth--;
    return node;
  }

  private comparison(label: Token): SelectorNode {
    const op = this.take();
    if (VALUE_OPS.has(op.kind)) {
      const v = this.peek();
      if (v.kind !== 'string') this.fail(`expected string after ${JSON.stringify(label.value)} ${op.kind}, found ${describe(v)} (values must be quoted)`, v);
      this.take();
      return { type: 'value', op: op.kind as ValueOp, label: label.value, value: v.value };
    }
    if (op.kind === 'in' || op.kind === 'not in') {
      return { type: 'set', op: op.kind as SetOp, label: label.value, values: this.setLiteral() };
    }
    if (op.kind === 'eof') return this.fail(`unexpected end of selector after label ${JSON.stringify(label.value)}, expected an operator`, op);
    return this.fail(`expected operator after label ${JSON.stringify(label.value)}, found ${describe(op)}`, op);
  }

  /** `{` [S ("," S)* [","]] `}` */
  private setLiteral(): string[] {
    if (this.peek().kind !== '{') this.fail(`expected set literal {...}, found ${describe(this.peek())}`);
    this.take();
    const values: string[] = [];
    while (this.peek().kind === 'string') {
      values.push(this.take().value);
      if (this.peek().kind !== ',') break;
      this.take();
    }
    if (this.peek().kind !== '}') this.fail(`expected } or a string in set literal, found ${describe(this.peek())}`);
    this.take();
    return toSortedSet(values);
  }
}

/** The syntax tree of `text`. Throws SelectorError. */
export function parseTree(text: string): SelectorNode {
  return new Parser(tokenize(text)).root();
}
