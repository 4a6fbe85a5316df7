/**
 * The parser: items -> parse trees, following Go's text/template/parse (actions, pipelines
 * with declarations, if/with/range with else chains, define/template/block, break/continue),
 * with the same checks: undefined functions and variables, misplaced keywords, EOFs.
 */
import type * as A from './ast.js';
import { isEmptyTree, nodeString } from './ast.js';
import { GoTemplateError } from './errors.js';
import { itemString, lex, type Item, type ItemType } from './lexer.js';
import { parseNumber } from './numbers.js';
import { quote, unquote } from './strconv.js';

/** Nesting limit (parentheses and control structures), like Go's max expression depth. */
const MAX_DEPTH = 300;

type EndOrElse = { kind: 'end' | 'else'; pos: number };
const isEndOrElse = (n: A.Node | EndOrElse): n is EndOrElse => n.kind === 'end' || n.kind === 'else';

/** The template named `name` plus every {{define}}d and {{block}} template, by name. */
export type TemplateSet = Map<string, A.ListNode>;

class Parser {
  private readonly items: Item[];
  private i = 0;
  private line = 1;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;
  private depth = 0;
  readonly trees: TemplateSet = new Map();

  constructor(
    private readonly name: string,
    text: string,
    private readonly hasFunction: (name: string) => boolean,
  ) {
    this.items = lex(text);
  }

  // --- token stream -----------------------------------------------------------------

  private next(): Item {
    const it = this.items[Math.min(this.i, this.items.length - 1)] as Item;
    this.i++;
    this.line = it.line;
    return it;
  }
  private backup(): void {
    this.i--;
  }
  private peek(): Item {
    const it = this.next();
    this.backup();
    return it;
  }
  private nextNonSpace(): Item {
    let it: Item;
    do it = this.next();
    while (it.type === 'space');
    return it;
  }
  private peekNonSpace(): Item {
    const it = this.nextNonSpace();
    this.backup();
    return it;
  }

  // --- errors ---------------------------------------------------------------------

  errorf(msg: string): never {
    throw new GoTemplateError(`template: ${this.name}:${this.line}: ${msg}`);
  }

  private unexpected(it: Item, context: string): never {
    if (it.type === 'error') {
      const extra = this.actionLine !== 0 && this.actionLine !== it.line ? ` in action started at ${this.name}:${this.actionLine}` : '';
      this.errorf(`${itemString(it)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(it)} in ${context}`);
  }

  private expect(type: ItemType, context: string): Item {
    const it = this.nextNonSpace();
    if (it.type !== type) this.unexpected(it, context);
    return it;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.errorf('max expression depth exceeded');
  }
  private leave(): void {
    this.depth--;
  }

  // --- templates ------------------------------------------------------------------

  parse(): void {
    const root: A.ListNode = { kind: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const mark = this.i;
        this.next();
        if (this.nextNonSpace().type === 'define') {
          this.parseDefinition();
          continue;
        }
        this.i = mark;
      }
      const n = this.textOrAction();
      if (isEndOrElse(n)) this.errorf(`unexpected {{${n.kind}}}`);
      else root.nodes.push(n);
    }
    this.add(this.name, root);
  }

  private add(name: string, list: A.ListNode): void {
    const old = this.trees.get(name);
    if (!old || isEmptyTree(old)) this.trees.set(name, list);
    else if (!isEmptyTree(list)) this.errorf(`template: multiple definition of template ${quote(name)}`);
  }

  /** A body with its own variable scope ($ only) and no enclosing range. */
  private subTemplate(context: string): A.ListNode {
    const saved = { vars: this.vars, rangeDepth: this.rangeDepth };
    this.vars = ['$'];
    this.rangeDepth = 0;
    const [list, end] = this.itemList();
    if (end.kind !== 'end') this.errorf(`unexpected {{${end.kind}}} in ${context}`);
    this.vars = saved.vars;
    this.rangeDepth = saved.rangeDepth;
    return list;
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.templateName(this.nextNonSpace(), context);
    this.expect('rightDelim', context);
    this.add(name, this.subTemplate(context));
  }

  private templateName(it: Item, context: string): string {
    if (it.type !== 'string' && it.type !== 'rawString') this.unexpected(it, context);
    return this.unquoted(it.val);
  }

  private unquoted(lit: string): string {
    try {
      return unquote(lit);
    } catch (e) {
      return this.errorf((e as Error).message);
    }
  }

  private itemList(): [A.ListNode, EndOrElse] {
    const list: A.ListNode = { kind: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (isEndOrElse(n)) return [list, n];
      list.nodes.push(n);
    }
    return this.errorf('unexpected EOF');
  }

  private textOrAction(): A.Node | EndOrElse {
    const it = this.nextNonSpace();
    switch (it.type) {
      case 'text':
        return { kind: 'text', pos: it.pos, text: it.val };
      case 'leftDelim':
        this.actionLine = it.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      default:
        return this.unexpected(it, 'input');
    }
  }

  private action(): A.Node | EndOrElse {
    const it = this.nextNonSpace();
    switch (it.type) {
      case 'block':
        return this.blockControl();
      case 'break':
      case 'continue':
        return this.loopControl(it);
      case 'else':
        return this.elseControl();
      case 'end':
        this.expect('rightDelim', 'end');
        return { kind: 'end', pos: it.pos };
      case 'if':
      case 'range':
      case 'with':
        return this.branch(it.type);
      case 'template':
        return this.templateControl();
    }
    this.backup();
    const start = this.peek();
    return { kind: 'action', pos: start.pos, pipe: this.pipeline('command', 'rightDelim') };
  }

  private loopControl(it: Item): A.LoopControlNode {
    const t = this.nextNonSpace();
    if (t.type !== 'rightDelim') this.unexpected(t, `{{${it.val}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${it.val}}} outside {{range}}`);
    return { kind: it.type as 'break' | 'continue', pos: it.pos };
  }

  private elseControl(): EndOrElse {
    const p = this.peekNonSpace();
    // "else if" / "else with": leave the keyword for the enclosing control to read.
    if (p.type === 'if' || p.type === 'with') return { kind: 'else', pos: p.pos };
    const it = this.expect('rightDelim', 'else');
    return { kind: 'else', pos: it.pos };
  }

  private branch(kind: 'if' | 'range' | 'with'): A.BranchNode {
    this.enter();
    const savedVars = this.vars.length;
    const pipe = this.pipeline(kind, 'rightDelim');
    if (kind === 'range') this.rangeDepth++;
    const [list, next] = this.itemList();
    if (kind === 'range') this.rangeDepth--;
    let elseList: A.ListNode | undefined;
    if (next.kind === 'else') {
      const peek = this.peek().type;
      if ((kind === 'if' && peek === 'if') || (kind === 'with' && peek === 'with')) {
        this.next();
        // {{else if ...}} is {{else}}{{if ...}} sharing the outer {{end}}.
        elseList = { kind: 'list', pos: next.pos, nodes: [this.branch(kind)] };
      } else {
        const [els, end] = this.itemList();
        if (end.kind !== 'end') this.errorf(`expected end; found {{${end.kind}}}`);
        elseList = els;
      }
    }
    this.vars.length = savedVars;
    this.leave();
    return { kind, pos: pipe.pos, pipe, list, ...(elseList ? { elseList } : {}) };
  }

  private templateControl(): A.TemplateNode {
    const context = 'template clause';
    const it = this.nextNonSpace();
    const name = this.templateName(it, context);
    if (this.nextNonSpace().type === 'rightDelim') return { kind: 'template', pos: it.pos, name };
    this.backup();
    return { kind: 'template', pos: it.pos, name, pipe: this.pipeline(context, 'rightDelim') };
  }

  private blockControl(): A.TemplateNode {
    const context = 'block clause';
    const it = this.nextNonSpace();
    const name = this.templateName(it, context);
    const pipe = this.pipeline(context, 'rightDelim');
    this.enter();
    this.add(name, this.subTemplate(context));
    this.leave();
    return { kind: 'template', pos: it.pos, name, pipe };
  }

  // --- pipelines ------------------------------------------------------------------

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): A.PipeNode {
    const start = this.peekNonSpace();
    const pipe: A.PipeNode = { kind: 'pipe', pos: start.pos, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      const mark = this.i;
      this.next();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push({ kind: 'variable', pos: v.pos, idents: [v.val] });
        this.vars.push(v.val);
        break;
      }
      if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ kind: 'variable', pos: v.pos, idents: [v.val] });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const t = this.peekNonSpace().type;
          if (t === 'variable' || t === 'rightDelim' || t === 'rightParen') continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.i = mark;
      break;
    }
    for (;;) {
      const it = this.nextNonSpace();
      if (it.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (it.type) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(it, context);
      }
    }
  }

  private checkPipeline(pipe: A.PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.forEach((c, i) => {
      if (i === 0) return;
      const k = c.args[0]?.kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string')
        this.errorf(`non executable command in pipeline stage ${i + 1}`);
    });
  }

  private command(): A.CommandNode {
    const cmd: A.CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const op = this.operand();
      if (op) cmd.args.push(op);
      const it = this.next();
      if (it.type === 'space') continue;
      if (it.type === 'rightDelim' || it.type === 'rightParen') this.backup();
      else if (it.type !== 'pipe') this.unexpected(it, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): A.ArgNode | null {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos: node.pos, idents: [...node.idents, ...fields] };
      case 'variable':
        return { kind: 'variable', pos: node.pos, idents: [...node.idents, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.errorf(`unexpected . after term ${quote(nodeString(node))}`);
      default:
        return { kind: 'chain', pos: node.pos, node, fields };
    }
  }

  private term(): A.ArgNode | null {
    const it = this.nextNonSpace();
    switch (it.type) {
      case 'identifier':
        if (!this.hasFunction(it.val)) this.errorf(`function ${quote(it.val)} not defined`);
        return { kind: 'identifier', pos: it.pos, name: it.val };
      case 'dot':
        return { kind: 'dot', pos: it.pos };
      case 'nil':
        return { kind: 'nil', pos: it.pos };
      case 'variable':
        if (!this.vars.includes(it.val)) this.errorf(`undefined variable ${quote(it.val)}`);
        return { kind: 'variable', pos: it.pos, idents: [it.val] };
      case 'field':
        return { kind: 'field', pos: it.pos, idents: [it.val.slice(1)] };
      case 'bool':
        return { kind: 'bool', pos: it.pos, value: it.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        try {
          const n = parseNumber(it.val, it.type);
          return { kind: 'number', pos: it.pos, text: it.val, value: n.value, isFloat: n.isFloat };
        } catch (e) {
          return this.errorf((e as Error).message);
        }
      case 'leftParen': {
        this.enter();
        const p = this.pipeline('parenthesized pipeline', 'rightParen');
        this.leave();
        return p;
      }
      case 'string':
      case 'rawString':
        return { kind: 'string', pos: it.pos, quoted: it.val, text: this.unquoted(it.val) };
    }
    this.backup();
    return null;
  }
}

/** Parses `text` as the template `name`; throws GoTemplateError on a syntax error. */
export function parseTemplates(name: string, text: string, hasFunction: (name: string) => boolean): TemplateSet {
  const p = new Parser(name, text, hasFunction);
  try {
    p.parse();
  } catch (e) {
    if (e instanceof RangeError) p.errorf(e.message);
    throw e;
  }
  return p.trees;
}
