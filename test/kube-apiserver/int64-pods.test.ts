/**
 * Two things the stand-in does for the IPAM work: int64 fields keep every digit (IPAMBlock
 * sequence numbers are ~1.7e18, beyond what a JS number holds), in responses and watch events,
 * with the CRD's integer type still enforced; and core Pods, whose status (podIPs) is kept as sent.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from './index.mjs';

let srv: KubeApiServer;
beforeAll(async () => {
  srv = await startKubeApiServer();
});
afterAll(async () => srv?.stop());
beforeEach(async () => srv.reset());

const BLOCKS = '/apis/crd.projectcalico.org/v1/ipamblocks';
const send = async (method: string, path: string, body?: string) => {
  const res = await fetch(`${srv.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, text: await res.text() };
};
const block = (seq: string) =>
  `{"apiVersion":"crd.projectcalico.org/v1","kind":"IPAMBlock","metadata":{"name":"10-0-0-0-30"},"spec":{"cidr":"10.0.0.0/30",` +
  `"allocations":[0,null,null,null],"unallocated":[1,2,3],"attributes":[{}],"strictAffinity":false,"sequenceNumber":${seq},` +
  `"sequenceNumberForAllocation":{"0":${seq}}}}`;

describe('int64 fields', () => {
  it('are stored and returned exactly, in GET, LIST and WATCH', async () => {
    const seq = '1763750000000000123';
    expect((await send('POST', BLOCKS, block(seq))).status).toBe(201);
    const got = await send('GET', `${BLOCKS}/10-0-0-0-30`);
    expect(got.text).toContain(`"sequenceNumber":${seq},"sequenceNumberForAllocation":{"0":${seq}}`);
    expect((await send('GET', BLOCKS)).text).toContain(`"sequenceNumber":${seq}`);
    const res = await fetch(`${srv.url}${BLOCKS}?watch=true&timeoutSeconds=1`);
    expect(await res.text()).toContain(`"sequenceNumber":${seq}`);
  });

  it('still have to be integers', async () => {
    const r = await send('POST', BLOCKS, block('"12"'));
    expect(r.status).toBe(422);
    expect(JSON.parse(r.text).details.causes[0]).toMatchObject({ field: 'spec.sequenceNumber' });
  });
});

describe('pods', () => {
  it('are created with their status, listed across namespaces, and /status updates only the status', async () => {
    const pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x' }] },
      status: { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }] },
    };
    expect((await send('POST', '/api/v1/namespaces/default/pods', JSON.stringify(pod))).status).toBe(201);
    const list = JSON.parse((await send('GET', '/api/v1/pods')).text);
    expect(list.items.map((p: { metadata: { name: string }; status: unknown }) => [p.metadata.name, p.status])).toEqual([
      ['web', { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }] }],
    ]);
    const cur = JSON.parse((await send('GET', '/api/v1/namespaces/default/pods/web')).text);
    const upd = { ...cur, spec: { ...cur.spec, nodeName: 'n2' }, status: { phase: 'Succeeded' } };
    const r = JSON.parse((await send('PUT', '/api/v1/namespaces/default/pods/web/status', JSON.stringify(upd))).text);
    expect([r.spec.nodeName, r.status.phase]).toEqual(['n1', 'Succeeded']);
  });
});
