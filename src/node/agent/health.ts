/** /liveness and /readiness: 200 when good (a short text body), 503 when not. */
import { createServer, type Server } from 'node:http';

export interface HealthState {
  live(): boolean;
  ready(): boolean;
  detail(): string;
}

export function startHealthServer(port: number, host: string, state: HealthState): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const ok = path === '/liveness' ? state.live() : path === '/readiness' ? state.ready() : undefined;
    if (ok === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(`${state.detail()}\n`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve({ server, port: typeof addr === 'object' && addr ? addr.port : port });
    });
  });
}
