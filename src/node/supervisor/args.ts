/** Command-line of the supervisor and the agent: `--key value` pairs, nothing fancy. */
export interface NodeProcessArgs {
  runDir: string;
  logDir: string;
  name: string;
  backend: 'bird' | 'none';
  healthPort: number;
  /** Perform calico-node's startup (from NODENAME, IP, AS… in the environment) before the children. */
  startup?: boolean;
}

export function parseProcessArgs(argv: string[]): NodeProcessArgs {
  const m = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (a === '--startup') m.set('startup', 'true');
    else if (eq > 0) m.set(a.slice(2, eq), a.slice(eq + 1));
    else m.set(a.slice(2), argv[++i] ?? '');
  }
  const need = (k: string): string => {
    const v = m.get(k);
    if (v === undefined || v === '') throw new Error(`missing --${k}`);
    return v;
  };
  return {
    runDir: need('run-dir'),
    logDir: need('log-dir'),
    name: need('name'),
    backend: m.get('backend') === 'none' ? 'none' : 'bird',
    healthPort: Number(m.get('health-port') ?? '9099'),
    startup: m.get('startup') === 'true',
  };
}

export function formatProcessArgs(a: NodeProcessArgs): string[] {
  return ['--run-dir', a.runDir, '--log-dir', a.logDir, '--name', a.name, '--backend', a.backend, '--health-port', String(a.healthPort), ...(a.startup ? ['--startup'] : [])];
}
