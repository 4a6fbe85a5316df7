/**
 * Where a policy rule sits (its list's CRD path and its index). The path text is only built
 * when a problem is reported: most rules have none.
 */
export interface RuleAt {
  /** e.g. `spec.ingress` */
  readonly list: string;
  readonly index: number;
}

/** The CRD path of a rule, e.g. `spec.ingress[0]`. */
export const rulePath = (at: RuleAt): string => `${at.list}[${at.index}]`;
