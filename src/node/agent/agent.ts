/**
 * The node agent: renders BIRD's configuration from the datastore, installs it and reloads
 * BIRD when it changed (driven by datastore watches), reports status in status.json and serves
 * /liveness and /readiness.
 */
import { existsSync, writeFileSync, renameSync } from 'node:fs';
import { sleep } from '../run/procs.js';
import type { Datastore } from '../../datastore/types.js';
import type { IpamKV } from '../../ipam/kv.js';
import { nodePaths } from '../run/paths.js';
import type { NodeProcessArgs } from '../supervisor/args.js';
import { installBirdConfig } from './bird-files.js';
import { birdc, parseProtocols } from './birdc.js';
import { startHealthServer } from './health.js';
import { PasswordResolver, secretSourceFor } from './passwords.js';
import { nodeStatusWriter } from './nodestatus.js';
import { renderForNode } from './render.js';
import { writeStatus, type NodeStatusFile, type PeerStatus } from './status.js';
import { POLL_INTERVAL_MS, watchForChanges } from './watch.js';

export function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} [agent] ${line}\n`);
}

/** Fast-establishing BGP timers (seconds); the issue asks for sessions in < 5 s. */
const TIMERS = { connectDelay: 0, connectRetry: 1, hold: 9, keepalive: 3 };
const STATUS_INTERVAL_MS = 1000;
/** How often this node's CalicoNodeStatus objects are re-listed (each has its own update period). */
const NODE_STATUS_INTERVAL_MS = 2000;

/** Runs until SIGTERM/SIGINT. `ipamKV` gives this node's block affinities (see ./ipamkv.ts). */
export async function runAgent(args: NodeProcessArgs, ds: Datastore, ipamKV: IpamKV): Promise<void> {
  const p = nodePaths(args.runDir, args.logDir);
  const useBird = args.backend === 'bird';
  let configured = false;
  let pendingReload = false;
  let lastError: string | undefined;
  let lastReconfig: string | undefined;
  let expected: { name: string; address: string; type: string; family: 4 | 6 }[] = [];
  let birdUp = false;
  let birdVersion: string | undefined;
  let routerID: string | undefined;
  let showStatus = '';
  let peers: (PeerStatus & { family: 4 | 6 })[] = [];
  let started = false;
  const secretSource = secretSourceFor(ds);
  const passwords = new PasswordResolver(secretSource, log);

  const health = await startHealthServer(args.healthPort, process.env.FELIX_HEALTHHOST || '127.0.0.1', {
    live: () => true,
    ready: () => configured && (!useBird || birdUp),
    detail: () => `agent ${configured ? 'configured' : 'starting'}${useBird ? `, bird ${birdUp ? 'up' : 'down'}` : ''}${lastError ? `, last error: ${lastError}` : ''}`,
  });
  log(`health server on port ${health.port}`);

  const reload = async (): Promise<void> => {
    const r = await birdc(p.birdCtl, ['configure']);
    pendingReload = !r.ok || !/Reconfigur/i.test(r.output);
    if (!pendingReload) log('BIRD reloaded');
  };

  // ---- render + install, serialised ----
  let syncing = false;
  let again = false;
  const sync = async (): Promise<void> => {
    if (syncing) {
      again = true;
      return;
    }
    syncing = true;
    try {
      do {
        again = false;
        try {
          // With --backend none there is no BGP: nothing to render, no peers to expect.
          if (useBird) {
            const out = await renderForNode(ds, ipamKV, args.name, { timers: TIMERS, passwords });
            const res = await installBirdConfig(p.runDir, out.files);
            if ('error' in res) throw new Error(`BIRD rejected the configuration: ${res.error}`);
            if (res.changed) {
              lastReconfig = new Date().toISOString();
              log('BIRD configuration updated');
              if (configured) await reload();
            }
            expected = out.peers;
          } else {
            expected = [];
          }
          const tmp = `${p.expectedPeers}.new`;
          writeFileSync(tmp, `${JSON.stringify(expected, null, 2)}\n`);
          renameSync(tmp, p.expectedPeers);
          configured = true;
          lastError = undefined;
        } catch (e) {
          lastError = (e as Error).message;
          log(`render failed: ${lastError}`);
        }
      } while (again);
    } finally {
      syncing = false;
    }
    await report();
  };

  // ---- BIRD state → status.json ----
  const report = async (): Promise<void> => {
    if (useBird) {
      const st = await birdc(p.birdCtl, ['show', 'status']);
      birdUp = st.ok && /BIRD .*ready/.test(st.output);
      showStatus = birdUp ? st.output : '';
      if (birdUp) {
        birdVersion = /BIRD (\S+) ready/.exec(st.output)?.[1];
        routerID = /Router ID is (\S+)/.exec(st.output)?.[1];
        if (pendingReload) await reload();
        const pr = await birdc(p.birdCtl, ['show', 'protocols']);
        const rows = parseProtocols(pr.output).filter((r) => r.proto === 'BGP');
        peers = rows.map((r) => {
          const e = expected.find((x) => x.name === r.name);
          return { name: r.name, peerIP: e?.address ?? '', type: e?.type ?? '', family: e?.family ?? (r.name.includes('__') ? 6 : 4), state: r.state, since: r.since, info: r.info };
        });
      } else {
        peers = [];
      }
    }
    if (!started && configured && (!useBird || birdUp)) {
      started = true;
      log('Calico node started successfully');
    }
    const v4 = peers.filter((x) => x.family === 4).map(({ family: _f, ...rest }) => rest);
    const v6 = peers.filter((x) => x.family === 6).map(({ family: _f, ...rest }) => rest);
    const up = (list: PeerStatus[]): number => list.filter((x) => x.state === 'up').length;
    const s: NodeStatusFile = {
      started,
      node: args.name,
      pid: process.pid,
      healthPort: health.port,
      lastUpdated: new Date().toISOString(),
      agent: { state: configured ? 'Ready' : 'NotReady', lastReconfigurationTime: lastReconfig, lastError },
      bird: useBird ? { state: birdUp ? 'Ready' : 'NotReady', version: birdVersion, routerID } : { state: 'Disabled' },
      bgp: {
        numberEstablishedV4: up(v4),
        numberNotEstablishedV4: v4.length - up(v4),
        numberEstablishedV6: up(v6),
        numberNotEstablishedV6: v6.length - up(v6),
        peersV4: v4,
        peersV6: v6,
      },
    };
    writeStatus(p.status, s);
  };

  const watch = await watchForChanges(ds, args.name, () => {
    if (existsSync(p.nodename)) void sync();
  });
  log(`following ${ds.type} datastore changes by ${watch.mode === 'watch' ? 'watching' : `polling every ${POLL_INTERVAL_MS / 1000}s`}`);
  // BGP passwords: the Secrets the BGPPeers/BGPConfiguration refer to, watched (Kubernetes only).
  const secretWatch = useBird
    ? await passwords.watch(() => {
        if (existsSync(p.nodename)) void sync();
      })
    : undefined;
  if (secretSource) log(`BGP passwords from Secrets in namespace ${secretSource.namespace}${secretWatch ? ' (watched)' : ''}`);
  // `node run` writes the nodename file once calico-node's startup has stored the Node.
  while (!existsSync(p.nodename)) await sleep(25);
  await sync();
  // BIRD is polled (it is not the datastore): quickly until the node has started, then every second.
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    const next = (): void => {
      timer = setTimeout(tick, started ? STATUS_INTERVAL_MS : 100);
    };
    if (syncing) return next();
    void report().finally(next);
  };
  timer = setTimeout(tick, 100);

  // CalicoNodeStatus objects for this node, filled from the BIRD state polled above.
  const nodeStatus = nodeStatusWriter(ds, args.name, log, {
    // Plain `show route` (not `all`): our protocol names tell the sources, at a third of the output.
    showRoute: async () => {
      const r = await birdc(p.birdCtl, ['show', 'route']);
      return r.ok ? r.output : undefined;
    },
  });
  let nodeStatusTimer: NodeJS.Timeout | undefined;
  const statusTick = (): void => {
    void nodeStatus.cycle({ up: useBird && birdUp, showStatus, version: birdVersion, routerID, peers }).finally(() => {
      nodeStatusTimer = setTimeout(statusTick, NODE_STATUS_INTERVAL_MS);
    });
  };
  nodeStatusTimer = setTimeout(statusTick, NODE_STATUS_INTERVAL_MS);

  // If the supervisor is gone (killed outright), nothing would restart or stop us: exit.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      log('supervisor gone; exiting');
      void stop();
    }
  }, 1000).unref();

  const stop = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    if (nodeStatusTimer) clearTimeout(nodeStatusTimer);
    await watch.close().catch(() => {});
    await secretWatch?.close().catch(() => {});
    health.server.close();
    await ds.close().catch(() => {});
    log('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}
