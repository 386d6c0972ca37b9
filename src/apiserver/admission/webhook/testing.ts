/**
 * A real HTTPS admission webhook server for tests, e2e tests and benchmarks: it listens on
 * 127.0.0.1 (ephemeral port) with a certificate from a test CA, decodes each AdmissionReview,
 * and answers with what the handler returns.
 *
 * @example
 * const srv = await startTestWebhookServer(() => ({ allowed: false, status: { message: 'no' } }));
 * const clientConfig = { url: `${srv.url}/validate`, caBundle: srv.caBundle };
 * // … call runValidating …
 * await srv.close();
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { certPem, newCertificateAuthority, newSignedCert, privateKeyPem, type CertAndKey } from '../../../pki/x509.js';
import type {
  MutatingWebhook,
  ValidatingWebhook,
  WebhookClientConfig,
} from 'kubernetes-types/admissionregistration/v1.js';
import type { JsonObject, WebhookAttributes } from './types.js';

/** A raw answer: sent as is (status code, body text, content type). */
export class RawReply {
  constructor(
    readonly body: string,
    readonly statusCode = 200,
    readonly contentType = 'application/json',
  ) {}
}

/** `new RawReply(...)`, for handlers that need to send something that is not a normal review. */
export const rawReply = (body: string, statusCode = 200, contentType = 'application/json') =>
  new RawReply(body, statusCode, contentType);

/**
 * The handler: given the decoded review (with `request`) and the request path, the `response`
 * member to answer with (`uid` defaults to the request's; apiVersion and kind are the request's),
 * or a RawReply.
 */
export type TestWebhookHandler = (
  review: JsonObject & { request: JsonObject & { uid: string } },
  path: string,
) => JsonObject | RawReply | Promise<JsonObject | RawReply>;

export interface TestWebhookServer {
  /** `https://127.0.0.1:<port>` (append a path). */
  url: string;
  port: number;
  /** The CA that signed the server certificate, base64 PEM, as `clientConfig.caBundle` wants it. */
  caBundle: string;
  /** Reviews received so far. */
  readonly calls: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

export interface TestWebhookServerOptions {
  /** More DNS names for the certificate (e.g. `webhook.default.svc` for service references). */
  dnsNames?: string[];
  /** The CA to sign with (default: one test CA shared by the process). */
  ca?: CertAndKey;
}

let sharedCa: Promise<CertAndKey> | undefined;

/** The process-wide test CA (made on first use). */
export function testCertificateAuthority(): Promise<CertAndKey> {
  return (sharedCa ??= newCertificateAuthority({ commonName: 'k8ts-webhook-test-ca' }));
}

/** The base64 PEM `caBundle` of a CA. */
export const caBundleOf = (ca: CertAndKey) => Buffer.from(certPem(ca.cert)).toString('base64');

async function readBody(req: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the server; see TestWebhookHandler for what the handler returns. */
export async function startTestWebhookServer(
  handler: TestWebhookHandler,
  opts: TestWebhookServerOptions = {},
): Promise<TestWebhookServer> {
  const ca = opts.ca ?? (await testCertificateAuthority());
  const leaf = await newSignedCert(ca, {
    commonName: 'k8ts-test-webhook',
    usages: ['serverAuth'],
    dnsNames: ['localhost', ...(opts.dnsNames ?? [])],
    ips: ['127.0.0.1'],
  });
  let calls = 0;
  const server: Server = createServer({ key: privateKeyPem(leaf.key), cert: certPem(leaf.cert) }, (req, res) => {
    void (async () => {
      try {
        const review = JSON.parse(await readBody(req)) as Parameters<TestWebhookHandler>[0];
        calls++;
        const out = await handler(review, req.url ?? '/');
        if (out instanceof RawReply) {
          res.writeHead(out.statusCode, { 'Content-Type': out.contentType }).end(out.body);
          return;
        }
        const response = { uid: review.request.uid, ...out };
        const body = JSON.stringify({ apiVersion: review.apiVersion, kind: review.kind, response });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
      } catch (err) {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(err));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    caBundle: caBundleOf(ca),
    get calls() {
      return calls;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A webhook for tests: pods CREATE and DELETE in the core group, sideEffects None, AdmissionReview
 * v1, then `over`. Works for mutating and validating webhooks alike.
 */
export function testWebhook<W extends MutatingWebhook | ValidatingWebhook = ValidatingWebhook>(
  name: string,
  clientConfig: WebhookClientConfig,
  over: Partial<W> = {},
): W {
  const rule = { operations: ['CREATE', 'DELETE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] };
  return {
    name,
    clientConfig,
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    rules: [rule],
    ...over,
  } as unknown as W;
}

/** A (mutating or validating) webhook configuration named `name` holding `webhooks`. */
export function testConfiguration<W extends MutatingWebhook | ValidatingWebhook>(
  name: string,
  ...webhooks: W[]
): { metadata: { name: string }; webhooks: W[] } {
  return { metadata: { name }, webhooks };
}

/** A pod in `default` named `p` (with `labels` when given). */
export function testPod(labels?: Record<string, string>): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', ...(labels ? { labels } : {}) },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  };
}

/** Attributes of alice creating `testPod()`, then `over`. */
export function testAttributes(over: Partial<WebhookAttributes> = {}): WebhookAttributes {
  return {
    operation: 'CREATE',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: 'default',
    name: 'p',
    object: testPod(),
    userInfo: { username: 'alice', uid: 'u1', groups: ['system:authenticated'] },
    ...over,
  };
}
