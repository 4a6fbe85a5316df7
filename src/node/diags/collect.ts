/**
 * `node diags`: runs calicoctl's list of commands into `diagnostics/`, adds BIRD's view of the
 * node (`show protocols all`, `show route all` per family), the agent's and BIRD's logs from
 * --log-dir and the node's runtime files (rendered BIRD config, expected peers, status) from
 * --run-dir, then packs everything with `tar` into `diags-YYYYMMDD_HHMMSS.tar.gz` in a fresh
 * temp dir. A failing command is reported and skipped. Felix's `pkill -SIGUSR1 felix` is not
 * copied: signalling processes by name could hit anything; the agent's status file is taken
 * instead.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface DiagsOptions {
  logDir: string;
  runDir: string;
  /** Where the temp dir is made (tests); default the system temp dir. */
  tmpBase?: string;
  /** Lines as they are printed. */
  print: (text: string) => Promise<void>;
  now?: Date;
}

interface Step {
  info?: string;
  cmd: string[];
  file: string;
}

const onPath = (bin: string): boolean =>
  (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(delimiter).some((d) => d !== '' && existsSync(join(d, bin)));

function run(cmd: string[], cwd: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(cmd[0]!, cmd.slice(1), { cwd, timeout: 30_000, maxBuffer: 256 * 1024 * 1024 }, (err, out, errOut) => {
      const output = `${out}${errOut}`;
      const missing = (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
      // Go's wording for a missing binary, which calicoctl prints.
      const why = missing ? `exec: "${cmd[0]}": executable file not found in $PATH` : output === '' ? (err?.message ?? '') : output;
      resolve({ ok: !err, output: why });
    });
  });
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function tarballName(d: Date): string {
  return `diags-${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}_${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}.tar.gz`;
}

function birdSocket(runDir: string, file: string): string | undefined {
  return [join(runDir, file), join('/var/run/bird', file)].find((p) => existsSync(p));
}

function steps(runDir: string): Step[] {
  const list: Step[] = [
    { cmd: ['date'], file: 'date' },
    { cmd: ['hostname'], file: 'hostname' },
    { info: 'Dumping routes (IPv4)', cmd: ['ip', '-4', 'route'], file: 'ipv4_route' },
    { info: 'Dumping routes (IPv6)', cmd: ['ip', '-6', 'route'], file: 'ipv6_route' },
    { info: 'Dumping interface info (IPv4)', cmd: ['ip', '-4', 'addr'], file: 'ipv4_addr' },
    { info: 'Dumping interface info (IPv6)', cmd: ['ip', '-6', 'addr'], file: 'ipv6_addr' },
    { info: 'Dumping nftables', cmd: ['nft', '-n', '-a', 'list', 'ruleset'], file: 'nft_ruleset' },
    { info: 'Dumping iptables (IPv4)', cmd: ['iptables-save', '-c'], file: 'ipv4_tables' },
    { info: 'Dumping iptables (IPv6)', cmd: ['ip6tables-save', '-c'], file: 'ipv6_tables' },
    { info: 'Dumping ipsets', cmd: ['ipset', 'list'], file: 'ipsets' },
    { info: 'Copying journal for calico-node.service', cmd: ['journalctl', '-u', 'calico-node.service', '--no-pager'], file: 'journalctl_calico_node' },
  ];
  list.push(
    onPath('netstat')
      ? { info: 'Dumping netstat', cmd: ['netstat', '-a', '-n'], file: 'netstat' }
      : { info: 'Dumping ss', cmd: ['ss', '-a', '-n'], file: 'ss' },
  );
  for (const [v, file] of [[4, 'bird.ctl'], [6, 'bird6.ctl']] as const) {
    const sock = birdSocket(runDir, file);
    if (!sock) continue;
    const tag = v === 4 ? 'bird' : 'bird6';
    list.push(
      { info: `Dumping BIRD protocols (IPv${v})`, cmd: ['birdc', '-s', sock, 'show', 'protocols', 'all'], file: `${tag}_protocols` },
      { info: `Dumping BIRD routes (IPv${v})`, cmd: ['birdc', '-s', sock, 'show', 'route', 'all'], file: `${tag}_routes` },
    );
  }
  return list;
}

/** Regular files of the run dir (config, PID files, status), not its sockets. */
function copyRunDir(runDir: string, dest: string): number {
  let n = 0;
  mkdirSync(dest, { recursive: true });
  for (const name of readdirSync(runDir)) {
    const src = join(runDir, name);
    const st = lstatSync(src);
    if (!st.isFile() && !st.isDirectory()) continue;
    cpSync(src, join(dest, name), { recursive: true, filter: (s) => { const t = lstatSync(s); return t.isFile() || t.isDirectory(); } });
    n++;
  }
  return n;
}

/** Collects everything; returns the tarball's path. */
export async function collectDiags(o: DiagsOptions): Promise<string> {
  await o.print('Collecting diagnostics\n');
  const tmp = mkdtempSync(join(o.tmpBase ?? tmpdir(), 'calico'));
  await o.print(`Using temp dir: ${tmp}\n`);
  const diag = join(tmp, 'diagnostics');
  mkdirSync(diag);
  for (const s of steps(o.runDir)) {
    if (s.info) await o.print(`${s.info}\n`);
    const r = await run(s.cmd, tmp);
    if (r.ok) writeFileSync(join(diag, s.file), r.output);
    else await o.print(`Failed to run command: ${s.cmd.join(' ')}\nError: ${r.output}\n`);
  }
  await o.print('Dumping felix stats\n');
  if (existsSync(join(o.runDir, 'status.json'))) cpSync(join(o.runDir, 'status.json'), join(diag, 'agent_status.json'));
  await o.print('Copying Calico logs\n');
  if (existsSync(o.logDir)) cpSync(o.logDir, join(diag, 'logs'), { recursive: true });
  else await o.print(`Log directory ${o.logDir} does not exist\n`);
  await o.print('Copying Calico run directory\n');
  if (existsSync(o.runDir)) copyRunDir(o.runDir, join(diag, 'run'));
  else await o.print(`Run directory ${o.runDir} does not exist\n`);
  if (!['docker', 'nerdctl', 'crictl'].some(onPath)) {
    await o.print('Could not collect container logs: no container runtime found (tried docker, nerdctl, crictl)\n');
  }
  const name = tarballName(o.now ?? new Date());
  const tar = await run(['tar', '-zcvf', name, 'diagnostics'], tmp);
  if (!tar.ok) throw new Error(`failed to create the diagnostics bundle: ${tar.output.trim()}`);
  const path = join(tmp, name);
  await o.print(`\nDiags saved to ${path}\nIf required, you can upload the diagnostics bundle to a file sharing service.\n`);
  return path;
}
