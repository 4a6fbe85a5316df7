/**
 * What the help renderer needs to know about commands. Both an `oclif.manifest.json` entry and
 * oclif's `Command.Loadable` have this shape, so the fast path (manifest) and the oclif Help
 * class feed the same renderer.
 */

export interface HelpFlag {
  name: string;
  char?: string;
  description?: string;
  summary?: string;
  type: string;
  default?: unknown;
  helpValue?: string | readonly string[];
  hidden?: boolean;
  required?: boolean;
  multiple?: boolean;
}

export interface HelpArg {
  name: string;
  description?: string;
  required?: boolean;
  hidden?: boolean;
}

export type HelpExample = string | { description: string; command: string };

export interface HelpCommand {
  /** oclif's standardized id: words joined by ':' (e.g. `ipam:show`). */
  id: string;
  summary?: string;
  description?: string;
  usage?: string | readonly string[];
  examples?: string | readonly HelpExample[];
  flags: Record<string, HelpFlag>;
  args: Record<string, HelpArg>;
  strict?: boolean;
  hidden?: boolean;
  /** Command takes resource types: its help lists `Valid resource types are:`. */
  listsResourceTypes?: boolean;
  /** Help starts with calicoctl's "Set the Calico datastore access information ..." paragraph. */
  datastoreIntro?: boolean;
}

export interface HelpTopic {
  /** Standardized (`datastore:migrate`). */
  name: string;
  description?: string;
}

/** How the program was invoked: `calicoctl`, or `kubectl-calico` as a kubectl plugin. */
export interface Program {
  bin: string;
  kubectlPlugin: boolean;
}

export interface HelpContext extends Program {
  commands: readonly HelpCommand[];
  topics: readonly HelpTopic[];
  /** Lower-case kind names for `Valid resource types are:` (loaded only when needed). */
  kindNames?: readonly string[];
}

/** `calicoctl` unless the file we were started through is called `kubectl-*`. */
export function programFor(invokedAs: string | undefined): Program {
  const base = (invokedAs ?? '').split(/[\\/]/).pop() ?? '';
  return base.startsWith('kubectl-')
    ? { bin: 'kubectl-calico', kubectlPlugin: true }
    : { bin: 'calicoctl', kubectlPlugin: false };
}

/** `ipam:show` → `ipam show`. */
export const displayId = (id: string): string => id.replaceAll(':', ' ');
