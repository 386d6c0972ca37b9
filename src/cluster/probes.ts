/** Readiness probes `k8ts server` awaits, in start order. */
import https from 'node:https';
import { connect } from 'node:net';

/** True once something accepts TCP connections on `host:port`. */
export function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** True when `GET url` answers 200 over TLS trusting `ca` (no client certificate: health is public). */
export function httpsOk(url: string, ca?: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get(url, { ca, rejectUnauthorized: !!ca, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('error', () => resolve(false));
    req.once('timeout', () => req.destroy());
  });
}

/**
 * Polls `probe` every 25 ms until true; throws `what` with `failed()`'s reason if that reports
 * the component gone, or after `timeoutMs`.
 */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  failed: () => string | undefined,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    const why = failed();
    if (why) throw new Error(`${what}: ${why}`);
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
