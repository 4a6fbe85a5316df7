/** The resident calico-ipam daemon (see server.ts) for embedding, e.g. in a node supervisor. */
export { startIpamDaemon, type IpamDaemon, type IpamDaemonOptions } from './server.js';
export { DEFAULT_SOCKET } from './protocol.js';
export { SocketInUseError } from './socket-file.js';
