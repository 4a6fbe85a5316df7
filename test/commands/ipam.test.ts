// ipam show / configure / check / release / split through the built CLI, against a real etcd and
// against the Kubernetes API-server stand-in (IPAM data as Calico's IPAM custom resources).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { haveStandIn } from '../datastore/kube-helpers.js';
import { allocate, cliBackend, withIpamClient, type CliBackend } from './ipam-helpers.js';

const KINDS: Array<'etcd' | 'kube'> = haveStandIn ? ['etcd', 'kube'] : ['etcd'];
const tmp = mkdtempSync(join(tmpdir(), 'ipam-test-'));
const pool = (name: string, cidr: string) =>
  `apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: ${name}}\nspec: {cidr: "${cidr}"}\n`;

describe.each(KINDS)('ipam commands on %s', (kind) => {
let b: CliBackend;
const cli = (...args: string[]) => runCli(args, { env: b.env });
const cliIn = (stdin: string, ...args: string[]) => runCli(args, { env: b.env, stdin });

beforeAll(async () => {
  b = await cliBackend(kind);
});
afterAll(async () => b?.stop());
beforeEach(() => b.wipe());

describe('ipam show', () => {
  it('prints pool usage, blocks, one address and borrowed addresses', { timeout: 120_000 }, async () => {
    expect((await cliIn(pool('pool4', '10.65.0.0/16') + '---\n' + pool('pool6', 'fd5f:abcd:64::/48'), 'apply', '-f', '-')).code).toBe(0);
    const { v4 } = await allocate(b.env, {
      node: 'node1', handle: 'k8s-pod-network.web', num4: 5, num6: 7, attrs: { node: 'node1', namespace: 'prod', pod: 'web' },
    });

    expect(await cli('ipam', 'show')).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        '+----------+-------------------+------------+------------+-------------------+',
        '| GROUPING |       CIDR        | IPS TOTAL  | IPS IN USE |     IPS FREE      |',
        '+----------+-------------------+------------+------------+-------------------+',
        '| IP Pool  | 10.65.0.0/16      |      65536 | 5 (0%)     | 65531 (100%)      |',
        '| IP Pool  | fd5f:abcd:64::/48 | 1.2089e+24 | 7 (0%)     | 1.2089e+24 (100%) |',
        '+----------+-------------------+------------+------------+-------------------+',
        '',
      ].join('\n'),
    });

    const blocks = (await cli('ipam', 'show', '--show-blocks')).stdout.split('\n');
    expect(blocks[4]).toMatch(/^\| Block +\| 10\.65\.\d+\.\d+\/26 +\| +64 \| 5 \(8%\) +\| 59 \(92%\) +\|$/);
    expect(blocks[6]).toMatch(/^\| Block +\| fd5f:abcd:64:[0-9a-f:]+\/122 +\| +64 \| 7 \(11%\) +\| 57 \(89%\) +\|$/);

    expect(await cli('ipam', 'show', `--ip=${v4[0]}`)).toMatchObject({
      code: 0,
      stdout: `IP ${v4[0]} is in use\nHandle ID: k8s-pod-network.web\nActive Owner Attributes:\n  namespace: prod\n  node: node1\n  pod: web\n`,
    });
    expect(await cli('ipam', 'show', '--ip=10.99.0.1')).toMatchObject({ code: 0, stdout: '10.99.0.1 is not assigned\n' });
    expect(await cli('ipam', 'show', '--ip=nope')).toMatchObject({ code: 1, stdout: 'Error executing command: invalid IP address specified: nope\n' });

    // node2 takes an address from node1's block: borrowed.
    const blockBase = v4[0]!.replace(/\.\d+$/, '');
    const borrowedIP = `${blockBase}.${Number(v4[0]!.split('.')[3]) + 20}`;
    await withIpamClient(b.env, (ipam) =>
      ipam.assignIP(borrowedIP, { hostname: 'node2', handleId: 'h2', attrs: { node: 'node2', namespace: 'dev', pod: 'db' } }),
    );
    const borrowed = await cli('ipam', 'show', '--show-borrowed');
    expect(borrowed.stdout).toMatch(
      new RegExp(`\\| ${borrowedIP.replaceAll('.', '\\.')} +\\| node2 +\\| 10\\.65\\.\\d+\\.\\d+/26 \\| node1 +\\| pod  \\| dev/db +\\|`),
    );
    expect(borrowed.stdout).toMatch(/^\| +IP +\| BORROWING-NODE \| +BLOCK +\| BLOCK OWNER \| TYPE \| ALLOCATED-TO \|$/m);
    expect(borrowed.stdout.match(/node2/g)).toHaveLength(1); // node1's own addresses are not listed
  });
});

describe('ipam configure', () => {
  it('validates, stores /calico/ipam/v2/config and shows it', async () => {
    expect(await cli('ipam', 'configure')).toMatchObject({ code: 1, stderr: 'at least one configuration option must be specified\n' });
    expect(await cli('ipam', 'configure', '--strictaffinity=yes')).toMatchObject({
      code: 1, stderr: 'invalid value. Use true or false to set strictaffinity\n',
    });
    expect(await cli('ipam', 'configure', '--max-blocks-per-host=x')).toMatchObject({
      code: 1, stderr: 'invalid value for maxblockhost. Use a valid number\n',
    });
    expect(await cli('ipam', 'configure', '--kubevirt-ip-persistence=Maybe')).toMatchObject({
      code: 1, stderr: 'invalid value for --kubevirt-ip-persistence. Use Enabled or Disabled\n',
    });
    expect(await cli('ipam', 'configure', '--strictaffinity=true', '--max-blocks-per-host=4')).toEqual({
      code: 0, stderr: '', stdout: 'Successfully set StrictAffinity to: true\nSuccessfully set MaxBlocksPerHost to: 4\n',
    });
    expect(JSON.parse((await b.ipamValue('/calico/ipam/v2/config'))!)).toEqual({ strict_affinity: true, auto_allocate_blocks: true, maxBlocksPerHost: 4 });
    expect((await cli('ipam', 'show', '--show-configuration')).stdout).toBe(
      [
        '+------------------------------+-----------------------------------+',
        '|           PROPERTY           |               VALUE               |',
        '+------------------------------+-----------------------------------+',
        '| StrictAffinity               | true                              |',
        '| AutoAllocateBlocks           | true                              |',
        '| MaxBlocksPerHost             |                                 4 |',
        '| KubeVirtVMAddressPersistence | (*ipam.VMAddressPersistence)(nil) |',
        '+------------------------------+-----------------------------------+',
        '',
      ].join('\n'),
    );
  });
});

describe('ipam check and release', () => {
  it('finds a leaked address and handle, and release --from-report fixes them once locked', { timeout: 120_000 }, async () => {
    await cliIn(pool('pool4', '10.65.0.0/24'), 'apply', '-f', '-');
    const used = (await allocate(b.env, { node: 'node1', handle: 'k8s-pod-network.web', attrs: { node: 'node1', namespace: 'default', pod: 'web' } })).v4[0]!;
    const leaked = (await allocate(b.env, { node: 'node1', handle: 'k8s-pod-network.gone', attrs: { node: 'node1', namespace: 'default', pod: 'gone' } })).v4[0]!;
    const block = `${used.replace(/\.\d+$/, '')}.${Math.floor(Number(used.split('.')[3]) / 64) * 64}/26`;
    await b.putIpam('/calico/ipam/v2/handle/orphan', `{"block":{"${block}":1},"deleted":false}`);
    // On etcd a WorkloadEndpoint; on Kubernetes a running Pod (its WorkloadEndpoint view).
    await b.workload('default', 'web', 'node1', used);

    const report = join(tmp, 'report.json');
    const check = await cli('ipam', 'check', '--show-problem-ips', '-o', report);
    expect(check.code).toBe(0);
    expect(check.stdout).toBe(
      [
        'Checking IPAM for inconsistencies...',
        '',
        'Loading all IPAM blocks...',
        'Found 1 IPAM blocks.',
        ` IPAM block ${block} affinity=host:node1:`,
        'IPAM blocks record 2 allocations.',
        '',
        'Loading all IPAM pools...',
        '  10.65.0.0/24',
        'Found 1 active IP pools.',
        '',
        'Loading all nodes.',
        'Found 0 node tunnel IPs.',
        '',
        'Loading all service load balancer IPs.',
        'No configuration for LoadBalancer kubecontroller found, skipping service check',
        '',
        'Loading all workload endpoints.',
        'Found 1 workload IPs.',
        'Workloads and nodes are using 1 IPs.',
        '',
        'Loading all handles',
        'Looking for top (up to 20) nodes by allocations...',
        '  node1 has 2 allocations',
        'Node with most allocations has 2; median is 2',
        '',
        'Scanning for IPs that are allocated but not actually in use...',
        `  ${leaked} leaked; attrs Main:k8s-pod-network.gone Extra:namespace=default,node=node1,pod=gone`,
        'Found 1 IPs that are allocated in IPAM but not actually in use.',
        'Scanning for IPs that are in use by a workload or node but not allocated in IPAM...',
        'Found 0 in-use IPs that are not in active IP pools.',
        'Found 0 in-use IPs that are in active IP pools but have no corresponding IPAM allocation.',
        '',
        'Scanning for IPAM handles with no matching IPs...',
        "  orphan doesn't have any active IPs.",
        'Found 1 handles with no matching IPs (and 2 handles with matches).',
        'Scanning for IPs with missing handle...',
        'Found 0 handles mentioned in blocks with no matching handle resource.',
        'Check complete; found 2 problems.',
        '',
      ].join('\n'),
    );
    expect(statSync(report).mode & 0o777).toBe(0o777);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    const info = (await b.resource('clusterinformation', 'default'))!;
    expect(info.spec?.clusterGUID).toMatch(/^[0-9a-f]{32}$/);
    expect(json).toMatchObject({ version: 'v3.32.1', clusterGUID: info.spec?.clusterGUID, datastoreLocked: false, clusterType: '' });
    expect(json.allocations[leaked]).toEqual([
      expect.objectContaining({ ip: leaked, handle: 'k8s-pod-network.gone', pod: 'gone', namespace: 'default', node: 'node1', inUse: false }),
    ]);
    expect(json.allocations[used][0]).toMatchObject({ inUse: true, owners: ['Workload(default/web)'] });
    expect(typeof json.allocations[leaked][0].sequenceNumber).toBe('number');
    expect(Object.keys(json.allocations[leaked][0])).toEqual(['ip', 'handle', 'sequenceNumber', 'pod', 'namespace', 'node', 'inUse']);
    expect(json.leakedHandles).toEqual([{ ID: 'orphan', Revision: expect.stringMatching(/^\d+$/) }]);

    // Unlocked: refused; after locking, that report is stale.
    expect(await cli('ipam', 'release', `--from-report=${report}`)).toMatchObject({
      code: 1, stderr: 'data store is not locked. Either lock the data store, or re-run with --force\n',
    });
    expect(await cli('datastore', 'migrate', 'lock')).toMatchObject({ code: 0, stdout: 'Datastore locked.\n' });
    expect(await cli('ipam', 'release', `--from-report=${report}`)).toMatchObject({
      code: 1,
      stderr: 'the provided reports are all stale - at least one should be up-to-date. Please generate a new report while the data store is locked and try again\n',
    });
    const fresh = join(tmp, 'fresh.json');
    expect((await cli('ipam', 'check', '-o', fresh)).code).toBe(0);
    const foreign = join(tmp, 'foreign.json');
    writeFileSync(foreign, readFileSync(fresh, 'utf8').replace(/"clusterGUID": "[0-9a-f]*"/, '"clusterGUID": "other"'));
    expect(await cli('ipam', 'release', `--from-report=${foreign}`)).toMatchObject({
      code: 1, stderr: `cluster does not match the provided report (${foreign}): mismatched cluster GUID. Refusing to release\n`,
    });

    expect(await cli('ipam', 'release', `--from-report=${fresh}`)).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Releasing 1 old IPs...',
        'Released 1 IPs successfully',
        'Deleting 1 handles...',
        "Key: '.' = Deleted OK; 'x' = skip, handle missing/changed.",
        '.',
        'Released 1 handles; 0 skipped; 0 errors.',
        'You may now unlock the data store.',
        '',
      ].join('\n'),
    });
    expect((await cli('ipam', 'show', `--ip=${leaked}`)).stdout).toBe(`${leaked} is not assigned\n`);
    expect(await b.ipamValue('/calico/ipam/v2/handle/orphan')).toBeUndefined();
    expect((await cli('ipam', 'check')).stdout).toContain('Check complete; found 0 problems.\n');
    // A second run of the same report finds nothing left to do.
    expect((await cli('ipam', 'release', `--from-report=${fresh}`)).stdout).toContain(
      'Releasing 1 old IPs...\nReleased 0 IPs successfully\n1 addresses marked as leaked in the report had already been cleaned up.\n',
    );
  });

  it('release --from-report leaves an address that was allocated again since the report', { timeout: 120_000 }, async () => {
    await cliIn(pool('pool4', '10.65.0.0/24'), 'apply', '-f', '-');
    const gone = (await allocate(b.env, { node: 'node1', handle: 'k8s-pod-network.gone' })).v4[0]!;
    const other = (await allocate(b.env, { node: 'node1', handle: 'k8s-pod-network.other' })).v4[0]!;
    expect((await cli('datastore', 'migrate', 'lock')).code).toBe(0);
    const report = join(tmp, 'realloc.json');
    expect((await cli('ipam', 'check', '-o', report)).code).toBe(0);
    // The first address is freed and handed out again to the same handle: a new allocation.
    await withIpamClient(b.env, async (ipam) => {
      await ipam.releaseIPs([gone]);
      await ipam.assignIP(gone, { hostname: 'node1', handleId: 'k8s-pod-network.gone' });
    });
    expect(await cli('ipam', 'release', `--from-report=${report}`)).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Releasing 2 old IPs...',
        'Released 1 IPs successfully',
        '1 addresses marked as leaked in the report had already been cleaned up.',
        'You may now unlock the data store.',
        '',
      ].join('\n'),
    });
    expect((await cli('ipam', 'show', `--ip=${gone}`)).stdout).toBe(`IP ${gone} is in use\nHandle ID: k8s-pod-network.gone\nNo Active Owner attributes defined\n`);
    expect((await cli('ipam', 'show', `--ip=${other}`)).stdout).toBe(`${other} is not assigned\n`);
  });

  it('releases one address with --ip', async () => {
    await cliIn(pool('pool4', '10.65.0.0/24'), 'apply', '-f', '-');
    const ip = (await allocate(b.env, { node: 'node1', handle: 'h1' })).v4[0]!;
    expect(await cli('ipam', 'release', `--ip=${ip}`)).toEqual({ code: 0, stderr: '', stdout: `Successfully released IP address ${ip}\n` });
    expect(await cli('ipam', 'release', `--ip=${ip}`)).toMatchObject({ code: 1, stderr: `IP address ${ip} is not assigned\n` });
  });
});

describe('ipam split', () => {
  it('needs a pool and the lock, then replaces the pool by 2^n pools', { timeout: 120_000 }, async () => {
    await cliIn(pool('p', '10.70.0.0/24'), 'apply', '-f', '-');
    expect(await cli('ipam', 'split', '2')).toMatchObject({
      code: 1, stderr: 'no name or CIDR provided. Provide a name or CIDR to denote the IP pool to split\n',
    });
    expect(await cli('ipam', 'split', '2', '--name=p')).toMatchObject({
      code: 1, stderr: 'datastore is not locked. Run the `calicoctl datastore migrate lock` command in order split the IP pools\n',
    });
    await cli('datastore', 'migrate', 'lock');
    expect(await cli('ipam', 'split', '2', '--cidr=10.9.0.0/24')).toMatchObject({
      code: 1, stderr: 'unable to find IP pool  covering the specified CIDR 10.9.0.0/24\n',
    });
    expect(await cli('ipam', 'split', '8', '--name=p')).toMatchObject({
      code: 1, stderr: 'the CIDR 10.70.0.0/24 is not large enough to be split into 8 parts\n',
    });
    expect(await cli('ipam', 'split', '2', '--cidr=10.70.0.0/24')).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'IP Pool p was successfully split into 2 smaller pools.Created split-p-0 with CIDR 10.70.0.0/25.\n' +
        'Created split-p-1 with CIDR 10.70.0.128/25.\nPlease refer to the documentation for final steps.',
    });
    const spec = async (n: string) => (await b.resource('ippool', n))?.spec;
    expect(await spec('p')).toBeUndefined();
    expect(await spec('split-p-1')).toMatchObject({ cidr: '10.70.0.128/25' });
    expect((await spec('split-p-1'))!.disabled).toBeUndefined();
    expect(await cli('ipam', 'split', '3', '--name=split-p-0')).toMatchObject({
      code: 1, stderr: 'number to split CIDR into is not a valid power of 2: 3\n',
    });
    expect((await spec('split-p-0'))!.disabled).toBe(true); // disabled first, as calicoctl does
  });
});
});
