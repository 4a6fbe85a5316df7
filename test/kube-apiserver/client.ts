/** A tiny HTTP client for the stand-in tests: JSON in, JSON (or raw text) out. */
import type { KubeApiServer } from './index.mjs';

export interface Reply {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export type Request = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply>;

export function client(srv: KubeApiServer): Request {
  return async (method, path, body, headers = {}) => {
    const h: Record<string, string> = { ...headers };
    if (srv.token) h.authorization ??= `Bearer ${srv.token}`;
    if (body !== undefined) h['content-type'] ??= 'application/json';
    const r = await fetch(`${srv.url}${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: r.status, body: parsed, text, headers: r.headers };
  };
}

export const POOLS = '/apis/crd.projectcalico.org/v1/ippools';

export function ippool(name: string, spec: Record<string, unknown> = { cidr: '10.0.0.0/16' }, extra: Record<string, unknown> = {}) {
  return { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name, ...extra }, spec };
}
