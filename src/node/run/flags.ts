/**
 * `node run` flag validation with calicoctl's messages. Errors whose message calicoctl prints
 * with a capital "Error executing command" go to stdout (it prints them itself); the others are
 * returned errors, printed on stderr. Both exit 1.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { StdoutError } from '../../actions/base-command.js';
import { CommandError } from '../../errors.js';

export interface RunFlags {
  ip?: string;
  ip6?: string;
  as?: string;
  name?: string;
  'ip-autodetection-method': string;
  'ip6-autodetection-method': string;
  backend: string;
}

export interface ValidatedRun {
  name: string;
  ip?: string;
  ip6?: string;
  /** Plain AS number (dotted notation converted). */
  as?: string;
  ipMethod: string;
  ip6Method: string;
  backend: 'bird' | 'none';
}

const fail = (msg: string): never => {
  throw new CommandError(`error executing command: ${msg}`);
};

/** Plain (0..4294967295) or dotted (a.b, each 0..65535) AS number → plain decimal, else undefined. */
export function parseASNumber(s: string): string | undefined {
  const plain = /^\d+$/.exec(s);
  if (plain) {
    const n = Number(s);
    return n <= 4294967295 ? String(n) : undefined;
  }
  const dotted = /^(\d+)\.(\d+)$/.exec(s);
  if (!dotted) return undefined;
  const hi = Number(dotted[1]);
  const lo = Number(dotted[2]);
  if (hi > 65535 || lo > 65535) return undefined;
  return String(hi * 65536 + lo);
}

function checkIP(flag: 'ip' | 'ip6', value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value === 'autodetect') return value;
  const family = isIP(value);
  if (family === 0) throw new StdoutError(`Error executing command: invalid IP address specified: ${value}`);
  if ((flag === 'ip' && family !== 4) || (flag === 'ip6' && family !== 6)) fail(`--${flag} is wrong IP version`);
  return value;
}

function checkRegexes(list: string): void {
  for (const re of list.split(/\s*,\s*/)) {
    try {
      new RegExp(re);
    } catch {
      fail(`invalid interface regex specified for IP autodetection: ${re}`);
    }
  }
}

/** Validates one autodetection method (calicoctl's set, plus `cidr=` which the node accepts). */
export async function checkMethod(method: string, version: 4 | 6): Promise<void> {
  if (method === 'first-found') return;
  if (method.startsWith('can-reach=')) {
    const dest = method.slice('can-reach='.length);
    let addrs: { address: string; family: number }[];
    try {
      addrs = isIP(dest) ? [{ address: dest, family: isIP(dest) }] : await lookup(dest, { all: true });
    } catch {
      return fail(`cannot resolve address specified for IP autodetection: ${dest}`);
    }
    if (!addrs.some((a) => a.family === version)) fail(`address specified for IP autodetection does not resolve to an IPv${version} address: ${dest}`);
    return;
  }
  if (method.startsWith('interface=')) return checkRegexes(method.slice('interface='.length));
  if (method.startsWith('skip-interface=')) return checkRegexes(method.slice('skip-interface='.length));
  if (method.startsWith('cidr=')) {
    for (const c of method.slice('cidr='.length).split(/\s*,\s*/)) {
      const [addr, len] = c.split('/');
      const fam = isIP(addr ?? '');
      const max = fam === 6 ? 128 : 32;
      if (fam === 0 || len === undefined || !/^\d+$/.test(len) || Number(len) > max) fail(`invalid IP autodetection method: ${method}`);
    }
    return;
  }
  fail(`invalid IP autodetection method: ${method}`);
}

export function defaultNodeName(): string {
  return hostname().trim().toLowerCase();
}

export async function validateRunFlags(flags: RunFlags): Promise<ValidatedRun> {
  let as: string | undefined;
  if (flags.as !== undefined && flags.as !== '') {
    as = parseASNumber(flags.as);
    if (as === undefined) throw new StdoutError(`Error executing command: invalid AS Number specified: ${flags.as}`);
  }
  const ip = checkIP('ip', flags.ip);
  const ip6 = checkIP('ip6', flags.ip6);
  await checkMethod(flags['ip-autodetection-method'], 4);
  await checkMethod(flags['ip6-autodetection-method'], 6);
  if (!/^(none|bird)$/.test(flags.backend)) fail(`unknown backend '${flags.backend}'`);
  const name = (flags.name ?? defaultNodeName()).trim();
  if (name === '') fail('unable to determine node name');
  return {
    name,
    ip: ip || undefined,
    ip6: ip6 || undefined,
    as,
    ipMethod: flags['ip-autodetection-method'],
    ip6Method: flags['ip6-autodetection-method'],
    backend: flags.backend as 'bird' | 'none',
  };
}
