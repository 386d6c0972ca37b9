/**
 * The admission webhook line: the round trip a validating webhook adds to a write. ConfigMap
 * creates in a namespace a ValidatingWebhookConfiguration selects (an HTTPS AdmissionReview call
 * to a webhook on loopback that allows everything) against creates in a namespace it does not
 * select, alternated one by one on the same connection so that drift falls on both alike.
 * Reported: both latencies, the difference at p50 (the webhook's round trip), and a direct
 * HTTPS POST of the same review to the webhook (what the call costs outside the apiserver).
 */
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { H2Client } from './h2.js';
import { summarize, type LatencySummary } from '../lib/stats.js';
import { startTestWebhookServer } from '../../src/apiserver/admission/webhook/testing.js';

export interface WebhookComparison {
  plain: LatencySummary;
  hooked: LatencySummary;
  /** hooked p50 − plain p50, in ms: what the webhook adds to a create. */
  addedP50: number;
  /** A direct HTTPS POST of a review to the webhook, keep-alive, in ms. */
  direct: LatencySummary;
}

const ns = (name: string, labels: Record<string, string> = {}) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const configMap = (name: string) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' } });

export async function webhookComparison(url: string, ca: Buffer, n: number): Promise<WebhookComparison> {
  let sample: unknown;
  const server = await startTestWebhookServer((review) => {
    sample ??= review;
    return { allowed: true };
  });
  const c = new H2Client(url, ca);
  try {
    await c.request('POST', '/api/v1/namespaces', ns('hooked', { 'bench.k8ts.io/webhook': 'yes' }));
    await c.request('POST', '/api/v1/namespaces', ns('plain'));
    const config = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'bench' },
      webhooks: [
        {
          name: 'allow.bench.k8ts.io',
          clientConfig: { url: `${server.url}/validate`, caBundle: server.caBundle },
          rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }],
          namespaceSelector: { matchLabels: { 'bench.k8ts.io/webhook': 'yes' } },
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
        },
      ],
    };
    const made = await c.request(
      'POST',
      '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
      JSON.stringify(config),
    );
    if (made.status !== 201) throw new Error(`webhook configuration: ${made.status} ${made.body}`);
    await c.request('GET', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations');
    const plain: number[] = [];
    const hooked: number[] = [];
    for (let i = -20; i < n; i++) {
      for (const [namespace, samples] of [
        ['plain', plain],
        ['hooked', hooked],
      ] as const) {
        const start = performance.now();
        const r = await c.request('POST', `/api/v1/namespaces/${namespace}/configmaps`, configMap(`cm-${i + 20}`));
        if (r.status !== 201) throw new Error(`create in ${namespace}: ${r.status} ${r.body}`);
        if (i >= 0) samples.push(performance.now() - start);
      }
    }
    if (server.calls < n) throw new Error(`the webhook saw ${server.calls} reviews, not ${n}`);
    const direct = await directCalls(server.url, server.caBundle, JSON.stringify(sample), n);
    const p = summarize(plain);
    const h = summarize(hooked);
    return { plain: p, hooked: h, addedP50: h.p50 - p.p50, direct: summarize(direct) };
  } finally {
    c.close();
    await server.close();
  }
}

/** The same review POSTed straight to the webhook, one at a time on a keep-alive connection. */
async function directCalls(base: string, caBundle: string, review: string, n: number): Promise<number[]> {
  const agent = new https.Agent({ keepAlive: true, ca: Buffer.from(caBundle, 'base64') });
  const samples: number[] = [];
  for (let i = -20; i < n; i++) {
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const req = https.request(
        `${base}/validate?timeout=10s`,
        { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(review);
    });
    if (i >= 0) samples.push(performance.now() - start);
  }
  agent.destroy();
  return samples;
}
