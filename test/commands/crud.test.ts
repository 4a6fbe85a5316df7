// create/apply/replace/delete/get/label/patch through the built CLI against a real etcd.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { etcdEnv, runCli } from '../helpers/cli.js';

let etcd: EtcdInstance;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { env });
const cliIn = (stdin: string, ...args: string[]) => runCli(args, { env, stdin });
const POOL1 = 'fixtures/commands/pool1.yaml';
const key = (plural: string, name: string) => `/calico/resources/v3/projectcalico.org/${plural}/${name}`;
const stored = (k: string) => {
  const out = etcd.etcdctl(['get', k, '--print-value-only']).trim();
  return out === '' ? undefined : JSON.parse(out);
};

beforeAll(async () => {
  etcd = await startEtcd();
  env = etcdEnv(etcd.endpoint);
});
afterAll(async () => etcd?.stop());
beforeEach(() => etcd.wipe());

describe('create', () => {
  it('creates once, then reports already exists; --skip-exists counts it as a success', async () => {
    expect(await cli('create', '-f', POOL1)).toEqual({ stdout: "Successfully created 1 'IPPool' resource(s)\n", stderr: '', code: 0 });
    const again = await cli('create', '-f', POOL1);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe("failed to create 'IPPool' resource: [resource already exists: IPPool(pool1) with error: <nil>]\n");
    expect(await cli('create', '-f', POOL1, '--skip-exists')).toMatchObject({ stdout: "Successfully created 1 'IPPool' resource(s)\n", code: 0 });
  });

  it('rejects a resourceVersion on create', async () => {
    const r = await cliIn('apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p, resourceVersion: "12"}\nspec: {cidr: 10.0.0.0/8}\n', 'create', '-f', '-');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error with field Metadata.ResourceVersion = '12' (field must not be set for a Create request)");
  });
});

describe('apply', () => {
  it('creates then updates, keeping uid and creationTimestamp', async () => {
    await cli('apply', '-f', POOL1);
    const first = stored(key('ippools', 'pool1'));
    const r = await cliIn('apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: pool1}\nspec: {cidr: 10.1.0.0/16, natOutgoing: true}\n', 'apply', '-f', '-');
    expect(r).toMatchObject({ stdout: "Successfully applied 1 'IPPool' resource(s)\n", code: 0 });
    const second = stored(key('ippools', 'pool1'));
    expect(second.spec.natOutgoing).toBe(true);
    expect(second.metadata.uid).toBe(first.metadata.uid);
    expect(second.metadata.creationTimestamp).toBe(first.metadata.creationTimestamp);
  });

  it('a stale resourceVersion is an update conflict', async () => {
    await cli('apply', '-f', POOL1);
    const r = await cliIn('apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: pool1, resourceVersion: "1"}\nspec: {cidr: 10.1.0.0/16}\n', 'apply', '-f', '-');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("failed to apply 'IPPool' resource: [update conflict: IPPool(pool1)]\n");
  });

  it('applies the valid resources of a file and reports the invalid one', async () => {
    const r = await cli('apply', '-f', 'fixtures/commands/pools-mixed-valid.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('hit error(s): [fixtures/commands/pools-mixed-valid.yaml, document 2: error with field spec.ipipMode (supported values: "Never", "Always", "CrossSubnet")]\n');
    expect(r.stdout).toBe(''); // calicoctl's quirk: 1 success and 1 failure print no Partial line
    expect(stored(key('ippools', 'pool2'))).toBeDefined();
    expect(stored(key('ippools', 'pool3'))).toBeUndefined();
  });

  it('an unknown field fails the whole file before anything is written', async () => {
    const r = await cli('apply', '-f', 'fixtures/commands/unknown-field.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('failed to execute command: fixtures/commands/unknown-field.yaml: document 2: field in document is not recognized or is in the wrong location: colour\n');
    expect(stored(key('ippools', 'pool9'))).toBeUndefined();
  });

  it('checks namespaces against -n', async () => {
    const r = await cli('apply', '-f', 'fixtures/commands/np-other-ns.yaml', '-n', 'dev');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("failed to apply 'NetworkPolicy' resource: resource namespace does not match client namespace. prod != dev\n");
    expect((await cli('apply', '-f', 'fixtures/commands/np-other-ns.yaml')).code).toBe(0);
    expect(stored('/calico/resources/v3/projectcalico.org/networkpolicies/prod/np1')).toBeDefined();
  });

  it('--skip-empty turns an empty file into "No resources specified"', async () => {
    expect(await cliIn('', 'apply', '-f', '-', '--skip-empty')).toMatchObject({ stdout: 'No resources specified\n', code: 0 });
    const r = await cliIn('', 'apply', '-f', '-');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^no resources specified in file/);
  });
});

describe('replace', () => {
  it('replacing a missing resource prints calicoctl\'s partial-success quirk', async () => {
    const r = await cli('replace', '-f', POOL1);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("Partial success: replaced the first 1 out of 1 'IPPool' resources:\n");
    expect(r.stderr).toBe('hit error: resource does not exist: IPPool(pool1) with error: <nil>\n');
  });

  it('replaces an existing resource', async () => {
    await cli('create', '-f', POOL1);
    expect(await cli('replace', '-f', POOL1)).toMatchObject({ stdout: "Successfully replaced 1 'IPPool' resource(s)\n", code: 0 });
  });
});

describe('get', () => {
  it('reports missing names on stderr and still prints the found ones', async () => {
    await cli('create', '-f', POOL1);
    const r = await cli('get', 'ippool', 'pool1', 'blah');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('NAME    CIDR          SELECTOR   \npool1   10.1.0.0/16   all()      \n\n');
    expect(r.stderr).toBe('resource does not exist: IPPool(blah) with error: <nil>\n');
  });

  it('prints a List for yaml/json list queries and the object for a name', async () => {
    await cli('create', '-f', POOL1);
    const list = JSON.parse((await cli('get', 'ippools', '-o', 'json')).stdout);
    expect(list.kind).toBe('IPPoolList');
    expect(list.items.map((p: any) => p.metadata.name)).toEqual(['pool1']);
    const one = await cli('get', 'ippool', 'pool1', '-o', 'yaml');
    expect(one.stdout).toMatch(/^apiVersion: projectcalico.org\/v3\nkind: IPPool\nmetadata:\n  creationTimestamp: /);
    const exported = await cli('get', 'ippool', 'pool1', '-o', 'yaml', '--export');
    expect(exported.stdout).not.toMatch(/uid|resourceVersion|creationTimestamp/);
  });

  it('rejects unknown kinds, formats and namespace misuse', async () => {
    expect(await cli('get', 'somekind')).toMatchObject({ code: 1, stderr: "failed to get resources: resource type 'somekind' is not supported\n" });
    expect(await cli('get', 'ippools', '-o', 'xml')).toMatchObject({ code: 1, stderr: "unrecognized output format 'xml'\n" });
    expect(await cli('get', 'ippools', '-n', 'x')).toMatchObject({ code: 1, stderr: 'IPPool is not namespaced\n' });
    expect(await cli('get', 'networkpolicy', '-n', 'x', '-A')).toMatchObject({
      code: 1, stderr: 'cannot use both --namespace and --all-namespaces flags at the same time\n',
    });
  });

  it('serves the synthetic default-allow profile', async () => {
    const r = await cli('get', 'profile', 'projectcalico-default-allow', '-o', 'json');
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'Profile', metadata: { name: 'projectcalico-default-allow', resourceVersion: '1' } });
  });

  it('go-template works on lists', async () => {
    await cli('create', '-f', POOL1);
    const r = await cli('get', 'ippools', '-o', 'go-template={{range .}}{{range .Items}}{{.ObjectMeta.Name}},{{end}}{{end}}');
    expect(r).toMatchObject({ stdout: 'pool1,', code: 0 });
  });
});

describe('delete', () => {
  it('deletes by kind and name, with -s for missing names', async () => {
    await cli('create', '-f', POOL1);
    expect(await cli('delete', 'ippool', 'pool1')).toMatchObject({ stdout: "Successfully deleted 1 'IPPool' resource(s)\n", code: 0 });
    expect(stored(key('ippools', 'pool1'))).toBeUndefined();
    const missing = await cli('delete', 'ippool', 'pool1');
    expect(missing).toMatchObject({ code: 1, stderr: "Failed to delete 'IPPool' resource: resource does not exist: IPPool(pool1) with error: <nil>\n" });
    expect(await cli('delete', 'ippool', 'pool1', '-s')).toMatchObject({ code: 0, stdout: "Successfully deleted 1 'IPPool' resource(s)\n" });
  });
});

describe('label and patch', () => {
  it('sets, refuses without --overwrite, overwrites and removes labels', async () => {
    await cli('create', '-f', POOL1);
    expect(await cli('label', 'ippools', 'pool1', 'env=prod')).toMatchObject({ stdout: 'Successfully set label env on ippools pool1\n', code: 0 });
    expect(await cli('label', 'ippools', 'pool1', 'env=dev')).toMatchObject({
      code: 1, stderr: "failed to update label of ippools pool1, key env is already present. please use '--overwrite' to set a new value\n",
    });
    expect(await cli('label', 'ippools', 'pool1', 'env=dev', '--overwrite')).toMatchObject({ stdout: 'Successfully updated label env on ippools pool1\n' });
    expect(stored(key('ippools', 'pool1')).metadata.labels).toEqual({ env: 'dev' });
    expect(await cli('label', 'ippools', 'pool1', 'env', '--remove')).toMatchObject({ stdout: 'Successfully removed label env from ippools pool1\n' });
    expect(await cli('label', 'ippools', 'pool1', 'env', '--remove')).toMatchObject({
      code: 1, stderr: 'cannot remove label of ippools pool1, key env does not exist\n',
    });
    expect(await cli('label', 'ippools', 'nope', 'a=b')).toMatchObject({ code: 1, stderr: 'ippools nope not found\n' });
  });

  it('patches in place', async () => {
    await cli('create', '-f', POOL1);
    const r = await cli('patch', 'ippool', 'pool1', '-p', '{"spec":{"natOutgoing":true}}');
    expect(r).toMatchObject({ stdout: "Successfully patched 1 'IPPool' resource\n", code: 0 });
    expect(stored(key('ippools', 'pool1')).spec.natOutgoing).toBe(true);
  });
});

describe('datastore unavailable', () => {
  it('fails fast with one line naming the endpoint', async () => {
    const started = Date.now();
    const r = await runCli(['get', 'ippools'], { env: etcdEnv('http://127.0.0.1:1') });
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('127.0.0.1:1');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
