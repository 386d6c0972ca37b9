/**
 * A component's secure port (kube-scheduler's 10259, kube-controller-manager's 10257): HTTPS with
 * a given or self-signed certificate, /healthz, /livez and /readyz with `?verbose`, /metrics and
 * /configz, each behind delegated authorization except the health paths.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { Registry } from 'prom-client';
import { selfSigned } from '../../pki/self-signed.js';
import type { DelegatedAuth } from './delegated-auth.js';

/** A named health check: resolves when healthy, throws with the reason otherwise. */
export interface HealthCheck {
  name: string;
  check(): void | Promise<void>;
}

export interface SecureServerOptions {
  bindAddress: string;
  port: number;
  certFile?: string;
  keyFile?: string;
  /** Checks of /healthz and /livez ('ping' is always there). */
  healthChecks?: HealthCheck[];
  /** Extra checks of /readyz. */
  readyChecks?: HealthCheck[];
  registry?: Registry;
  /** The component's configuration, served at /configz under `key`. */
  configz?: { key: string; value: () => unknown };
  auth?: DelegatedAuth;
  commonName: string;
}

async function runChecks(
  checks: HealthCheck[],
  verbose: boolean,
  name: string,
): Promise<{ code: number; body: string }> {
  const lines: string[] = [];
  let failed = false;
  for (const c of [{ name: 'ping', check: () => undefined }, ...checks]) {
    try {
      await c.check();
      lines.push(`[+]${c.name} ok`);
    } catch {
      // As upstream's healthz: the answer withholds why a check failed.
      failed = true;
      lines.push(`[-]${c.name} failed: reason withheld`);
    }
  }
  if (failed) return { code: 500, body: `${lines.join('\n')}\n${name} check failed\n` };
  return { code: 200, body: verbose ? `${lines.join('\n')}\n${name} check passed\n` : 'ok' };
}

/** Starts the server; resolves once it listens. */
export async function startSecureServer(opts: SecureServerOptions): Promise<{ server: Server; port: number }> {
  let cert: string | Buffer;
  let key: string | Buffer;
  if (opts.certFile && opts.keyFile) {
    cert = readFileSync(opts.certFile);
    key = readFileSync(opts.keyFile);
  } else {
    ({ cert, key } = await selfSigned(`${opts.commonName}@${Math.floor(Date.now() / 1000)}`, [
      'localhost',
      '127.0.0.1',
    ]));
  }
  const server = createServer({ cert, key }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://x');
    const send = (code: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(code, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' });
      res.end(body);
    };
    void (async () => {
      if (opts.auth) {
        const d = await opts.auth.check(req.method ?? 'GET', url.pathname, req.headers.authorization);
        if (!d.allowed) return send(d.code, `${d.message}\n`);
      }
      const path = url.pathname;
      const verbose = url.searchParams.has('verbose');
      if (path === '/healthz' || path === '/livez') {
        const r = await runChecks(opts.healthChecks ?? [], verbose, path.slice(1));
        return send(r.code, r.body);
      }
      if (path === '/readyz') {
        const r = await runChecks([...(opts.healthChecks ?? []), ...(opts.readyChecks ?? [])], verbose, 'readyz');
        return send(r.code, r.body);
      }
      if (path === '/metrics' && opts.registry) {
        return send(200, await opts.registry.metrics(), opts.registry.contentType);
      }
      if (path === '/configz' && opts.configz) {
        return send(200, JSON.stringify({ [opts.configz.key]: opts.configz.value() }), 'application/json');
      }
      send(404, '404 page not found\n');
    })().catch((err) => send(500, `${(err as Error).message}\n`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.bindAddress, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
