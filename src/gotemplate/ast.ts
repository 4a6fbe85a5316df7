/** The parse tree, and each node's source form (Go's Node.String) for error messages. */
import { quote } from './strconv.js';

export interface TextNode {
  kind: 'text';
  pos: number;
  text: string;
}
export interface ActionNode {
  kind: 'action';
  pos: number;
  pipe: PipeNode;
}
/** if / with / range: the pipeline, the body and the optional else body. */
export interface BranchNode {
  kind: 'if' | 'with' | 'range';
  pos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList?: ListNode;
}
export interface TemplateNode {
  kind: 'template';
  pos: number;
  name: string;
  pipe?: PipeNode;
}
export interface LoopControlNode {
  kind: 'break' | 'continue';
  pos: number;
}
export interface ListNode {
  kind: 'list';
  pos: number;
  nodes: Node[];
}
export type Node = TextNode | ActionNode | BranchNode | TemplateNode | LoopControlNode | ListNode;

export interface PipeNode {
  kind: 'pipe';
  pos: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode {
  kind: 'command';
  pos: number;
  args: ArgNode[];
}
/** `.A.B` -> idents ['A', 'B']. */
export interface FieldNode {
  kind: 'field';
  pos: number;
  idents: string[];
}
/** `$x.A` -> idents ['$x', 'A']. */
export interface VariableNode {
  kind: 'variable';
  pos: number;
  idents: string[];
}
/** `(pipeline).A.B`. */
export interface ChainNode {
  kind: 'chain';
  pos: number;
  node: ArgNode;
  fields: string[];
}
export interface IdentifierNode {
  kind: 'identifier';
  pos: number;
  name: string;
}
export interface DotNode {
  kind: 'dot';
  pos: number;
}
export interface NilNode {
  kind: 'nil';
  pos: number;
}
export interface BoolNode {
  kind: 'bool';
  pos: number;
  value: boolean;
}
export interface NumberNode {
  kind: 'number';
  pos: number;
  text: string;
  value: number;
  /** A float64 constant (written with . e E p P); otherwise an int. */
  isFloat: boolean;
}
export interface StringNode {
  kind: 'string';
  pos: number;
  quoted: string;
  text: string;
}
export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

export type AnyNode = Node | PipeNode | CommandNode | ArgNode;

function argString(a: ArgNode): string {
  return a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a);
}

export function nodeString(n: AnyNode): string {
  switch (n.kind) {
    case 'text':
      return n.text;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'if':
    case 'with':
    case 'range': {
      const els = n.elseList ? `{{else}}${nodeString(n.elseList)}` : '';
      return `{{${n.kind} ${nodeString(n.pipe)}}}${nodeString(n.list)}${els}{{end}}`;
    }
    case 'template':
      return n.pipe ? `{{template ${quote(n.name)} ${nodeString(n.pipe)}}}` : `{{template ${quote(n.name)}}}`;
    case 'break':
    case 'continue':
      return `{{${n.kind}}}`;
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'pipe': {
      const decl = n.decl.length ? n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ') : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map(argString).join(' ');
    case 'field':
      return n.idents.map((i) => '.' + i).join('');
    case 'variable':
      return n.idents.join('.');
    case 'chain':
      return argString(n.node) + n.fields.map((f) => '.' + f).join('');
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
  }
}

/** Go's parse.IsEmptyTree: only whitespace text (and comments). */
export function isEmptyTree(list: ListNode): boolean {
  return list.nodes.every((n) => (n.kind === 'text' ? n.text.trim() === '' : n.kind === 'list' ? isEmptyTree(n) : false));
}
