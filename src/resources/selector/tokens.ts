/** The tokens of Calico's selector language. */
export type TokenKind =
  | 'label'
  | 'string'
  | '('
  | ')'
  | '{'
  | '}'
  | ','
  | '=='
  | '!='
  | '!'
  | '&&'
  | '||'
  | 'in'
  | 'not in'
  | 'contains'
  | 'starts with'
  | 'ends with'
  | 'has'
  | 'all'
  | 'global'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** The label of `label`/`has`, the text of `string`; empty otherwise. */
  value: string;
  /** 0-based index of the token's first character. */
  pos: number;
}

/** The longest label the tokenizer accepts. */
export const MAX_LABEL_LENGTH = 512;
