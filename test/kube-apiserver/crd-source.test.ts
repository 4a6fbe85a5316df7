/**
 * Where the CRDs come from: without the shared manifests directory, the stand-in serves the
 * repo's generated schemas (src/resources/schema/generated) with the same groups, scopes and rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from './index.mjs';
import { client, ippool, POOLS, type Request } from './client.js';

describe('fall-back to the generated schemas', () => {
  let srv: KubeApiServer;
  let req: Request;
  beforeAll(async () => {
    srv = await startKubeApiServer({ crdDir: '/nonexistent/calico-crds', inProcess: true });
    req = client(srv);
  });
  afterAll(async () => srv?.stop());

  it('serves every Calico kind with its scope and validates against the generated schema', async () => {
    const rl = (await req('GET', '/apis/crd.projectcalico.org/v1')).body.resources.filter((r: any) => !r.name.includes('/'));
    expect(rl).toHaveLength(22);
    expect(rl.find((r: any) => r.name === 'networksets')).toMatchObject({ kind: 'NetworkSet', namespaced: true });
    expect(rl.find((r: any) => r.name === 'ipamconfigs')).toMatchObject({ kind: 'IPAMConfig', namespaced: false });
    const bad = await req('POST', POOLS, ippool('p', { cidr: '10.0.0.0/16', vxlanMode: 'Maybe' }));
    expect(bad.status).toBe(422);
    expect(bad.body.details.causes[0]).toMatchObject({ field: 'spec.vxlanMode', reason: 'FieldValueNotSupported' });
    expect((await req('POST', POOLS, ippool('p'))).body.spec.nodeSelector).toBe('all()');
  });
});
