// Agent building blocks: BIRD config install (real `bird -p`), `show protocols` parsing, and
// datastore watches on a real etcd (debounced, only the relevant prefixes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, type EtcdInstance } from '../helpers/etcd.js';
import { installBirdConfig } from '../../src/node/agent/bird-files.js';
import { parseProtocols } from '../../src/node/agent/birdc.js';
import { watchForChanges } from '../../src/node/agent/watch.js';
import { loadClientConfig } from '../../src/datastore/config.js';
import { openDatastore } from '../../src/datastore/index.js';

const noBird = spawnSync('sh', ['-c', 'command -v bird']).status !== 0;
const dir = mkdtempSync(join(tmpdir(), 'ctsrun-agent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(noBird)(`installing BIRD configuration${noBird ? ' (skipped: bird2 not installed)' : ''}`, () => {
  const good = 'router id 10.0.0.1;\nprotocol device { scan time 2; }\n';
  it('installs a checked configuration, reports unchanged text, and leaves the live file alone on a rejected one', async () => {
    expect(await installBirdConfig(dir, { 'bird.cfg': good })).toEqual({ changed: true });
    expect(readFileSync(join(dir, 'bird.cfg'), 'utf8')).toBe(good);
    expect(await installBirdConfig(dir, { 'bird.cfg': good })).toEqual({ changed: false });
    const bad = await installBirdConfig(dir, { 'bird.cfg': 'router id 10.0.0.1;\nprotocol nonsense {}\n' });
    expect('error' in bad && bad.error).toMatch(/error/i);
    expect(readFileSync(join(dir, 'bird.cfg'), 'utf8')).toBe(good);
  });
});

describe('show protocols parsing', () => {
  it('reads BIRD 2 rows, with or without a date in Since', () => {
    const out = [
      'BIRD 2.0.12 ready.',
      'Name       Proto      Table      State  Since         Info',
      'device1    Device     ---        up     15:35:49.394  ',
      'Mesh_10_0_0_2 BGP     ---        up     15:35:52.100  Established   ',
      'Global_10_0_0_9 BGP   ---        start  2026-11-20 10:00:00  Active        Socket: Connection refused',
    ].join('\n');
    expect(parseProtocols(out)).toEqual([
      { name: 'device1', proto: 'Device', state: 'up', since: '15:35:49.394', info: '' },
      { name: 'Mesh_10_0_0_2', proto: 'BGP', state: 'up', since: '15:35:52.100', info: 'Established' },
      { name: 'Global_10_0_0_9', proto: 'BGP', state: 'start', since: '2026-11-20 10:00:00', info: 'Active Socket: Connection refused' },
    ]);
  });
});

describe('agent watches', () => {
  let etcd: EtcdInstance;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => etcd?.stop());

  it('fires once per burst of relevant changes, and not for unrelated keys', async () => {
    const ds = await openDatastore(loadClientConfig({ env: { DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoint }, defaultConfigPath: '/nonexistent' }));
    let fired = 0;
    const w = await watchForChanges(ds, 'n1', () => fired++, 100);
    try {
      const put = (k: string) => etcd.etcdctl(['put', k, '{}']);
      put('/calico/resources/v3/projectcalico.org/bgppeers/p1');
      put('/calico/resources/v3/projectcalico.org/nodes/n2');
      put('/calico/ipam/v2/host/n1/ipv4/block/10.0.0.0-26');
      await new Promise((r) => setTimeout(r, 600));
      expect(fired).toBe(1);
      put('/calico/resources/v3/projectcalico.org/networkpolicies/default/x');
      put('/calico/ipam/v2/host/n2/ipv4/block/10.0.1.0-26');
      await new Promise((r) => setTimeout(r, 600));
      expect(fired).toBe(1);
      etcd.etcdctl(['del', '/calico/resources/v3/projectcalico.org/bgppeers/p1']);
      await new Promise((r) => setTimeout(r, 600));
      expect(fired).toBe(2);
    } finally {
      await w.close();
      await ds.close();
    }
  });
});
