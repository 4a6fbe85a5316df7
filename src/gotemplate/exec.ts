/**
 * The executor: walks a parse tree over data the way Go's text/template does (dot, variables
 * and their scopes, pipelines with the piped value as last argument, if/with/range/else,
 * break/continue, template calls), printing values as fmt's %v. Errors carry Go's
 * `template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE` form.
 *
 * Guards Go does not have, so that no template can hang or exhaust memory: a step budget,
 * an output size limit and a template-call depth limit.
 */
import type * as A from './ast.js';
import { nodeString } from './ast.js';
import { GoTemplateError } from './errors.js';
import { lookupField } from './fields.js';
import type { FuncDef, ParamType } from './funcs.js';
import type { TemplateSet } from './parser.js';
import { formatValue } from './printf.js';
import { GoFloat, isMap, isTrue, kindOf, sortedKeys, toNumber, typeName } from './values.js';

export const LIMITS = {
  /** Nested {{template}} calls. */
  maxDepth: 200,
  /** Nodes walked plus range iterations. */
  maxSteps: 5_000_000,
  /** Characters of output. */
  maxOutput: 64 * 1024 * 1024,
};

/** The absent piped value (Go's missingVal): distinct from a piped undefined/nil. */
const NO_FINAL: unique symbol = Symbol('no final value');
type Final = unknown;

/** What walking a node asks of the enclosing range. */
const enum Flow {
  Normal,
  Break,
  Continue,
}

interface Variable {
  name: string;
  value: unknown;
}

class State {
  private readonly out: string[] = [];
  private outLen = 0;
  private steps = 0;
  private depth = 0;
  private node: A.AnyNode | null = null;
  private vars: Variable[];
  private tmplName: string;

  constructor(
    private readonly src: string,
    private readonly parseName: string,
    private readonly trees: TemplateSet,
    private readonly funcs: ReadonlyMap<string, FuncDef>,
    name: string,
    dot: unknown,
  ) {
    this.tmplName = name;
    this.vars = [{ name: '$', value: dot }];
  }

  result(): string {
    return this.out.join('');
  }

  // --- errors and bookkeeping ----------------------------------------------------

  private at(n: A.AnyNode): void {
    this.node = n;
  }

  errorf(msg: string): never {
    const name = this.tmplName;
    if (!this.node) throw new GoTemplateError(`template: ${name}: ${msg}`);
    const pos = this.node.pos;
    const before = this.src.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    const line = before.split('\n').length;
    const col = Buffer.byteLength(before.slice(nl + 1), 'utf8');
    let context = nodeString(this.node);
    const runes = Array.from(context);
    if (runes.length > 20) context = runes.slice(0, 20).join('') + '...';
    throw new GoTemplateError(`template: ${this.parseName}:${line}:${col}: executing ${JSON.stringify(name)} at <${context}>: ${msg}`);
  }

  private step(): void {
    if (++this.steps > LIMITS.maxSteps) this.errorf(`template execution exceeded ${LIMITS.maxSteps} steps`);
  }

  private write(s: string): void {
    this.outLen += s.length;
    if (this.outLen > LIMITS.maxOutput) this.errorf(`template output exceeded ${LIMITS.maxOutput} characters`);
    this.out.push(s);
  }

  // --- variables -------------------------------------------------------------------

  private push(name: string, value: unknown): void {
    this.vars.push({ name, value });
  }
  private find(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) return v;
    }
    return this.errorf(`undefined variable: ${name}`);
  }
  /** The n-th variable from the top of the stack (1 = top). */
  private setTopVar(n: number, value: unknown): void {
    const v = this.vars[this.vars.length - n];
    if (v) v.value = value;
  }

  // --- walking -----------------------------------------------------------------------

  walk(dot: unknown, node: A.Node): Flow {
    this.step();
    switch (node.kind) {
      case 'text':
        this.write(node.text);
        return Flow.Normal;
      case 'action': {
        this.at(node);
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return Flow.Normal;
      }
      case 'if':
      case 'with':
        return this.walkIfOrWith(dot, node);
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        this.walkTemplate(dot, node);
        return Flow.Normal;
      case 'break':
        return Flow.Break;
      case 'continue':
        return Flow.Continue;
      case 'list':
        for (const n of node.nodes) {
          const flow = this.walk(dot, n);
          if (flow !== Flow.Normal) return flow;
        }
        return Flow.Normal;
    }
  }

  private walkIfOrWith(dot: unknown, node: A.BranchNode): Flow {
    const mark = this.vars.length;
    const val = this.evalPipeline(dot, node.pipe);
    let flow = Flow.Normal;
    if (isTrue(val)) flow = this.walk(node.kind === 'with' ? val : dot, node.list);
    else if (node.elseList) flow = this.walk(dot, node.elseList);
    this.vars.length = mark;
    return flow;
  }

  private walkRange(dot: unknown, node: A.BranchNode): Flow {
    this.at(node);
    const outer = this.vars.length;
    const val = this.evalPipeline(dot, node.pipe);
    const mark = this.vars.length;
    const { decl, isAssign } = node.pipe;
    const one = (index: unknown, elem: unknown): Flow => {
      this.step();
      if (decl.length > 0) {
        const first = decl[0]?.idents[0] ?? '';
        if (isAssign) this.find(first).value = decl.length > 1 ? index : elem;
        else this.setTopVar(1, elem);
      }
      if (decl.length > 1) {
        if (isAssign) this.find(decl[1]?.idents[0] ?? '').value = elem;
        else this.setTopVar(2, index);
      }
      const flow = this.walk(elem, node.list);
      this.vars.length = mark;
      return flow;
    };
    let ran = false;
    switch (kindOf(val)) {
      case 'slice': {
        const arr = val as unknown[];
        for (let i = 0; i < arr.length; i++) {
          ran = true;
          if (one(i, arr[i]) === Flow.Break) break;
        }
        break;
      }
      case 'map': {
        const m = val as Record<string, unknown>;
        for (const k of sortedKeys(m)) {
          ran = true;
          if (one(k, m[k]) === Flow.Break) break;
        }
        break;
      }
      case 'int': {
        if (decl.length > 1) this.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
        const n = toNumber(val);
        for (let i = 0; i < n; i++) {
          ran = true;
          if (one(undefined, i) === Flow.Break) break;
        }
        break;
      }
      case 'invalid':
      case 'nil':
        break;
      default:
        this.errorf(`range can't iterate over ${formatValue(val)}`);
    }
    if (!ran && node.elseList) this.walk(dot, node.elseList);
    this.vars.length = outer;
    return Flow.Normal;
  }

  private walkTemplate(dot: unknown, node: A.TemplateNode): void {
    this.at(node);
    const tree = this.trees.get(node.name);
    if (!tree) this.errorf(`template ${JSON.stringify(node.name)} not defined`);
    if (this.depth >= LIMITS.maxDepth) this.errorf(`exceeded maximum template depth (${LIMITS.maxDepth})`);
    const newDot = node.pipe ? this.evalPipeline(dot, node.pipe) : undefined;
    const saved = { vars: this.vars, name: this.tmplName };
    this.vars = [{ name: '$', value: newDot }];
    this.tmplName = node.name;
    this.depth++;
    this.walk(newDot, tree);
    this.depth--;
    this.vars = saved.vars;
    this.tmplName = saved.name;
  }

  private printValue(node: A.AnyNode, v: unknown): void {
    this.at(node);
    if (v === undefined) this.write('<no value>');
    else if (typeof v === 'function') this.errorf(`can't print ${nodeString(node)} of type ${typeName(v)}`);
    else this.write(formatValue(v));
  }

  // --- evaluation --------------------------------------------------------------------

  private evalPipeline(dot: unknown, pipe: A.PipeNode): unknown {
    this.at(pipe);
    let value: unknown = NO_FINAL;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // A nil interface is no value once it leaves a command (Go digs into interface{}).
      if (value === null) value = undefined;
    }
    for (const v of pipe.decl) {
      const name = v.idents[0] ?? '';
      if (pipe.isAssign) this.find(name).value = value;
      else this.push(name, value);
    }
    return value;
  }

  private notAFunction(args: A.ArgNode[], final: Final): void {
    if (args.length > 1 || final !== NO_FINAL) this.errorf(`can't give argument to non-function ${nodeString(args[0] as A.ArgNode)}`);
  }

  private evalCommand(dot: unknown, cmd: A.CommandNode, final: Final): unknown {
    const first = cmd.args[0] as A.ArgNode;
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return constant(first);
      case 'string':
        return first.text;
    }
  }

  private evalFieldNode(dot: unknown, field: A.FieldNode, args: A.ArgNode[], final: Final): unknown {
    this.at(field);
    return this.evalFieldChain(dot, field.idents, args, final);
  }

  private evalChainNode(dot: unknown, chain: A.ChainNode, args: A.ArgNode[], final: Final): unknown {
    this.at(chain);
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const receiver = this.evalArg(dot, chain.node, 'any');
    this.at(chain);
    return this.evalFieldChain(receiver, chain.fields, args, final);
  }

  private evalVariableNode(dot: unknown, v: A.VariableNode, args: A.ArgNode[], final: Final): unknown {
    this.at(v);
    const value = this.find(v.idents[0] ?? '$').value;
    if (v.idents.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(value, v.idents.slice(1), args, final);
  }

  private evalFieldChain(receiver: unknown, idents: string[], args: A.ArgNode[], final: Final): unknown {
    const n = idents.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(idents[i] ?? '', [], NO_FINAL, receiver);
    return this.evalField(idents[n - 1] ?? '', args, final, receiver);
  }

  private evalField(name: string, args: A.ArgNode[], final: Final, receiver: unknown): unknown {
    if (receiver === undefined) return undefined;
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    if (isMap(receiver)) {
      if (args.length > 1 || final !== NO_FINAL) this.errorf(`${name} is not a method but has arguments`);
      return lookupField(receiver, name);
    }
    return this.errorf(`can't evaluate field ${name} in type ${typeName(receiver)}`);
  }

  private evalFunction(dot: unknown, node: A.IdentifierNode, cmd: A.AnyNode, args: A.ArgNode[] | null, final: Final): unknown {
    this.at(node);
    const def = this.funcs.get(node.name);
    if (!def) return this.errorf(`${JSON.stringify(node.name)} is not a defined function`);
    return this.evalCall(dot, node.name, def, cmd, args ? args.slice(1) : [], final);
  }

  private evalCall(dot: unknown, name: string, def: FuncDef, cmd: A.AnyNode, args: A.ArgNode[], final: Final): unknown {
    const numIn = args.length + (final === NO_FINAL ? 0 : 1);
    const nParams = def.params.length;
    if (def.variadic) {
      if (numIn < nParams - 1) this.errorf(`wrong number of args for ${name}: want at least ${nParams - 1} got ${args.length}`);
    } else if (numIn !== nParams) this.errorf(`wrong number of args for ${name}: want ${nParams} got ${numIn}`);
    const paramType = (i: number): ParamType => def.params[Math.min(i, nParams - 1)] ?? 'any';

    if (def.builtin && (name === 'and' || name === 'or')) {
      let v: unknown = undefined;
      for (const a of args) {
        v = this.evalArg(dot, a, 'any');
        if (isTrue(v) === (name === 'or')) return v;
      }
      return final === NO_FINAL ? v : final;
    }

    const values = args.map((a, i) => this.evalArg(dot, a, paramType(i)));
    if (final !== NO_FINAL) values.push(this.validate(final, paramType(args.length)));
    try {
      return def.fn(values);
    } catch (e) {
      this.at(cmd);
      if (e instanceof RangeError) throw e;
      return this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private evalArg(dot: unknown, n: A.ArgNode, type: ParamType): unknown {
    this.at(n);
    switch (n.kind) {
      case 'dot':
        return this.validate(dot, type);
      case 'nil':
        if (type === 'any') return null;
        return this.errorf(`cannot assign nil to ${type}`);
      case 'field':
        return this.validate(this.evalFieldNode(dot, n, [n], NO_FINAL), type);
      case 'variable':
        return this.validate(this.evalVariableNode(dot, n, [], NO_FINAL), type);
      case 'pipe':
        return this.validate(this.evalPipeline(dot, n), type);
      case 'identifier':
        return this.validate(this.evalFunction(dot, n, n, null, NO_FINAL), type);
      case 'chain':
        return this.validate(this.evalChainNode(dot, n, [], NO_FINAL), type);
    }
    switch (type) {
      case 'any':
        return n.kind === 'number' ? constant(n) : n.kind === 'bool' ? n.value : n.text;
      case 'string':
        if (n.kind === 'string') return n.text;
        return this.errorf(`expected string; found ${nodeString(n)}`);
      case 'int':
        if (n.kind === 'number' && !n.isFloat) return n.value;
        return this.errorf(`expected integer; found ${nodeString(n)}`);
    }
  }

  /** A computed value as a parameter of the given type (missing values become nil). */
  private validate(v: unknown, type: ParamType): unknown {
    if (type === 'any') return v === undefined ? null : v;
    if (v === undefined || v === null) return this.errorf(`invalid value; expected ${type}`);
    const want = type === 'string' ? 'string' : 'int';
    if (kindOf(v) !== want) return this.errorf(`wrong type for value; expected ${want}; got ${typeName(v)}`);
    return type === 'int' ? toNumber(v) : v;
  }
}

function constant(n: A.NumberNode): unknown {
  return n.isFloat ? new GoFloat(n.value) : n.value;
}

/** Runs template `name` of the set over `data`. */
export function execute(
  src: string,
  name: string,
  trees: TemplateSet,
  funcs: ReadonlyMap<string, FuncDef>,
  data: unknown,
): string {
  const tree = trees.get(name);
  const state = new State(src, name, trees, funcs, name, data);
  if (!tree) return state.errorf(`${JSON.stringify(name)} is an incomplete or empty template`);
  try {
    state.walk(data, tree);
  } catch (e) {
    // Stack exhaustion (deep data or nesting) and the like: still a template error.
    if (e instanceof RangeError) state.errorf(e.message);
    throw e;
  }
  return state.result();
}
