/**
 * Reaching a webhook, as upstream's `util/webhook/client.go` does: a `url` directly, or a
 * `service` reference as `https://<name>.<namespace>.svc:<port><path>` (TLS server name
 * `<name>.<namespace>.svc`) dialed at the address the caller's resolver gives. Server
 * certificates are verified against `caBundle`, or Node's root store when it is absent. Each
 * client configuration gets one HTTP/1.1 keep-alive agent, cached (at most 200, as upstream).
 */
import { Agent } from 'node:https';
import { isIP } from 'node:net';
import { posix } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { WebhookClientConfig } from 'kubernetes-types/admissionregistration/v1.js';
import { goCheckServerIdentity } from './net-errors.js';
import type { WebhookDeps } from './types.js';

const CACHE_SIZE = 200;

/** The CA bundle as PEM text; throws upstream's message when it holds no certificate. */
function caPem(caBundle: string): string {
  const pem = Buffer.from(caBundle, 'base64').toString('utf8');
  const bad = () => new Error('unable to load root certificates: unable to parse bytes as PEM block');
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(pem)) throw bad();
  try {
    createSecureContext({ ca: pem });
  } catch {
    throw bad();
  }
  return pem;
}

/** Keep-alive agents by client configuration; `close()` destroys their idle sockets. */
export class WebhookClients {
  private readonly agents = new Map<string, Agent>();

  /** The agent for `cc` (throws `unable to load root certificates: …` for a bad caBundle). */
  agentFor(cc: WebhookClientConfig): Agent {
    const key = JSON.stringify([cc.url ?? null, cc.service ?? null, cc.caBundle ?? '']);
    const hit = this.agents.get(key);
    if (hit) {
      this.agents.delete(key);
      this.agents.set(key, hit);
      return hit;
    }
    const agent = new Agent({
      keepAlive: true,
      ca: cc.caBundle ? caPem(cc.caBundle) : undefined,
      checkServerIdentity: goCheckServerIdentity,
      ALPNProtocols: ['http/1.1'],
    });
    this.agents.set(key, agent);
    if (this.agents.size > CACHE_SIZE) {
      const [oldKey, old] = this.agents.entries().next().value as [string, Agent];
      this.agents.delete(oldKey);
      old.destroy();
    }
    return agent;
  }

  /** Destroys every agent (idle sockets close; the cache empties). */
  close(): void {
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }
}

/** The clients used when `deps.clients` is not given. */
export const defaultWebhookClients = new WebhookClients();

/** Where one call goes. */
export interface WebhookTarget {
  /** The URL as upstream prints it: `https://127.0.0.1:1234/validate?timeout=10s`. */
  displayUrl: string;
  /** Path and query to request. */
  path: string;
  hostHeader: string;
  /** TLS server name (SNI and certificate check); undefined for IP hosts. */
  servername?: string;
  agent: Agent;
  /** The address to connect to (resolves service references). */
  dial(): Promise<{ host: string; port: number }>;
}

/** Go's `path.Join("/", p)`: cleaned, rooted, no trailing slash. */
function cleanPath(p: string): string {
  const joined = posix.normalize(`/${p}`);
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
}

const stripBrackets = (h: string) => (h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h);

/** Host and port of a base URL such as `https://10.0.0.7:8443`. */
function endpointOf(base: string): { host: string; port: number } {
  const u = new URL(base);
  return { host: stripBrackets(u.hostname), port: u.port ? Number(u.port) : 443 };
}

/**
 * The target for `cc` with `?timeout=<n>s` appended. Throws an Error whose message is the reason
 * upstream gives for not getting a client (`webhook configuration must have either service or URL`,
 * `unable to load root certificates: …`).
 */
export function webhookTarget(
  cc: WebhookClientConfig,
  timeoutSeconds: number,
  clients: WebhookClients,
  deps: WebhookDeps,
): WebhookTarget {
  const query = `?timeout=${timeoutSeconds}s`;
  if (cc.service) {
    const { name, namespace } = cc.service;
    const port = cc.service.port ?? 443;
    const serverName = `${name}.${namespace}.svc`;
    const hostHeader = `${serverName}:${port}`;
    const path = cleanPath(cc.service.path ?? '') + query;
    const resolve = deps.resolveService;
    return {
      displayUrl: `https://${hostHeader}${path}`,
      path,
      hostHeader,
      servername: serverName,
      agent: clients.agentFor(cc),
      dial: async () => (resolve ? endpointOf(await resolve(namespace, name, port)) : { host: serverName, port }),
    };
  }
  if (!cc.url) throw new Error('webhook configuration must have either service or URL');
  let u: URL;
  try {
    u = new URL(cc.url);
  } catch (err) {
    throw new Error(`Unparsable URL: ${(err as Error).message}`);
  }
  if (u.protocol !== 'https:')
    throw new Error(`unsupported scheme "${u.protocol.replace(/:$/, '')}": 'https' is required`);
  const rawHost = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]*)/.exec(cc.url)?.[1] ?? u.host;
  const host = stripBrackets(u.hostname);
  const port = u.port ? Number(u.port) : 443;
  const path = cleanPath(u.pathname) + query;
  return {
    displayUrl: `https://${rawHost}${path}`,
    path,
    hostHeader: rawHost,
    servername: isIP(host) ? undefined : host,
    agent: clients.agentFor(cc),
    dial: async () => ({ host, port }),
  };
}
