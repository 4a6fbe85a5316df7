/** status.json: what `node run` waits for and what `node status` can read without BIRD. */
import { renameSync, writeFileSync } from 'node:fs';

export interface PeerStatus {
  name: string;
  peerIP: string;
  type: string;
  state: string;
  since: string;
  info: string;
}

export interface NodeStatusFile {
  started: boolean;
  node: string;
  pid: number;
  healthPort: number;
  lastUpdated: string;
  agent: { state: 'Ready' | 'NotReady'; lastReconfigurationTime?: string; lastError?: string };
  bird: { state: 'Ready' | 'NotReady' | 'Disabled'; version?: string; routerID?: string };
  bgp: {
    numberEstablishedV4: number;
    numberNotEstablishedV4: number;
    numberEstablishedV6: number;
    numberNotEstablishedV6: number;
    peersV4: PeerStatus[];
    peersV6: PeerStatus[];
  };
}

export function writeStatus(file: string, s: NodeStatusFile): void {
  writeFileSync(`${file}.new`, `${JSON.stringify(s, null, 2)}\n`);
  renameSync(`${file}.new`, file);
}
