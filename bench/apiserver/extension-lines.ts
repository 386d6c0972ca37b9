/**
 * The benchmark lines of the API's extension points, each measured against its built-in twin in
 * the same run:
 *  - custom-resource CRUD (a CRD's objects) against ConfigMap CRUD of the same size (target ≤ 1.2×);
 *  - server-side apply against a plain update of the same ConfigMap change (target ≤ 2×).
 * Clients run closed loops (one request at a time each), alternating the two kinds in rounds so
 * that drift in the machine's speed falls on both alike.
 */
import { performance } from 'node:perf_hooks';
import { H2Client } from './h2.js';
import { summarize, type LatencySummary } from '../lib/stats.js';

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'benchobjects.bench.k8ts.io' },
  spec: {
    group: 'bench.k8ts.io',
    scope: 'Namespaced',
    names: { plural: 'benchobjects', singular: 'benchobject', kind: 'BenchObject' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              data: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
        },
      },
    ],
  },
};

const DATA = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`key${i}`, `value-${i}-`.padEnd(48, 'x')]));

interface Kind {
  base: string;
  object: (name: string) => Record<string, unknown>;
}

const kinds = (ns: string): Record<'builtin' | 'custom', Kind> => ({
  builtin: {
    base: `/api/v1/namespaces/${ns}/configmaps`,
    object: (name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: DATA }),
  },
  custom: {
    base: `/apis/bench.k8ts.io/v1/namespaces/${ns}/benchobjects`,
    object: (name) => ({ apiVersion: 'bench.k8ts.io/v1', kind: 'BenchObject', metadata: { name }, data: DATA }),
  },
});

async function expect(p: Promise<{ status: number; body: Buffer }>, want: number, what: string) {
  const r = await p;
  if (r.status !== want) throw new Error(`${what}: ${r.status} ${r.body.toString().slice(0, 300)}`);
  return r;
}

/** Sets up the namespace and the CRD, waiting until its objects are served. */
export async function prepareExtensions(c: H2Client, ns: string): Promise<void> {
  await c.request(
    'POST',
    '/api/v1/namespaces',
    JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }),
  );
  await expect(
    c.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', JSON.stringify(CRD)),
    201,
    'CRD',
  );
  const until = Date.now() + 10_000;
  while ((await c.request('GET', kinds(ns).custom.base)).status !== 200) {
    if (Date.now() > until) throw new Error('the CRD was not served within 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One create → get → update → delete cycle; the time of each. */
async function cycle(c: H2Client, kind: Kind, name: string, out: Record<string, number[]>) {
  let t = performance.now();
  await expect(c.request('POST', kind.base, JSON.stringify(kind.object(name))), 201, 'create');
  out.create.push(performance.now() - t);
  t = performance.now();
  const got = JSON.parse((await expect(c.request('GET', `${kind.base}/${name}`), 200, 'get')).body.toString());
  out.get.push(performance.now() - t);
  got.data.key0 = 'changed';
  t = performance.now();
  await expect(c.request('PUT', `${kind.base}/${name}`, JSON.stringify(got)), 200, 'update');
  out.update.push(performance.now() - t);
  t = performance.now();
  await expect(c.request('DELETE', `${kind.base}/${name}`), 200, 'delete');
  out.delete.push(performance.now() - t);
}

export interface CrudComparison {
  builtin: Record<string, LatencySummary>;
  custom: Record<string, LatencySummary>;
  /** Mean time of a whole cycle, custom over built-in. */
  ratio: number;
}

/** Custom-resource CRUD against ConfigMap CRUD: `clients` closed loops, `rounds` alternations of `ms` each. */
export async function crudComparison(
  url: string,
  ca: Buffer,
  ns: string,
  opts: { clients: number; rounds: number; ms: number },
): Promise<CrudComparison> {
  const conns = Array.from({ length: opts.clients }, () => new H2Client(url, ca));
  const samples = {
    builtin: { create: [], get: [], update: [], delete: [] } as Record<string, number[]>,
    custom: { create: [], get: [], update: [], delete: [] } as Record<string, number[]>,
  };
  const k = kinds(ns);
  let n = 0;
  for (let round = 0; round < opts.rounds * 2; round++) {
    const which = round % 2 ? 'custom' : 'builtin';
    // The first round of each kind warms it up and is not counted.
    const sink = round < 2 ? { create: [], get: [], update: [], delete: [] } : samples[which];
    const end = performance.now() + opts.ms;
    await Promise.all(
      conns.map(async (c, ci) => {
        while (performance.now() < end) await cycle(c, k[which], `o-${ci}-${n++}`, sink);
      }),
    );
  }
  conns.forEach((c) => c.close());
  const mean = (s: Record<string, number[]>) =>
    Object.values(s).reduce((sum, v) => sum + v.reduce((a, b) => a + b, 0) / v.length, 0);
  const summary = (s: Record<string, number[]>) =>
    Object.fromEntries(Object.entries(s).map(([verb, v]) => [verb, summarize(v)]));
  return {
    builtin: summary(samples.builtin),
    custom: summary(samples.custom),
    ratio: mean(samples.custom) / mean(samples.builtin),
  };
}

const deployment = (name: string, round: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name, round: String(round) } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: ['web', 'sidecar'].map((c, i) => ({
          name: c,
          image: `registry.k8s.io/pause:3.${10 + i}`,
          ports: [{ containerPort: 8080 + i, protocol: 'TCP' }],
          env: [{ name: 'MODE', value: 'bench' }],
          resources: { requests: { cpu: '100m', memory: '64Mi' } },
        })),
      },
    },
  },
});

export interface ApplyComparison {
  update: LatencySummary;
  apply: LatencySummary;
  /** Mean apply time over mean update time. */
  ratio: number;
}

/**
 * Server-side apply against a plain update (PUT) making the same change to a Deployment (a label),
 * each client on its own Deployment, `rounds` alternations of `ms` each.
 */
export async function applyComparison(
  url: string,
  ca: Buffer,
  ns: string,
  opts: { clients: number; rounds: number; ms: number },
): Promise<ApplyComparison> {
  const conns = Array.from({ length: opts.clients }, () => new H2Client(url, ca));
  const base = `/apis/apps/v1/namespaces/${ns}/deployments`;
  const samples: Record<'update' | 'apply', number[]> = { update: [], apply: [] };
  const stored = await Promise.all(
    conns.map(async (c, ci) => {
      const made = await expect(c.request('POST', base, JSON.stringify(deployment(`d-${ci}`, 0))), 201, 'create');
      return JSON.parse(made.body.toString());
    }),
  );
  let n = 1;
  for (let round = 0; round < opts.rounds * 2; round++) {
    const which = round % 2 ? 'apply' : 'update';
    const sink = round < 2 ? [] : samples[which];
    const end = performance.now() + opts.ms;
    await Promise.all(
      conns.map(async (c, ci) => {
        const name = `d-${ci}`;
        while (performance.now() < end) {
          const i = n++;
          const t = performance.now();
          if (which === 'update') {
            const obj = stored[ci];
            obj.metadata.labels.round = String(i);
            delete obj.metadata.resourceVersion;
            const r = await expect(c.request('PUT', `${base}/${name}`, JSON.stringify(obj)), 200, 'update');
            sink.push(performance.now() - t);
            stored[ci] = JSON.parse(r.body.toString());
          } else {
            await expect(
              c.request('PATCH', `${base}/${name}?fieldManager=bench&force=true`, JSON.stringify(deployment(name, i)), {
                'content-type': 'application/apply-patch+yaml',
              }),
              200,
              'apply',
            );
            sink.push(performance.now() - t);
          }
        }
      }),
    );
  }
  conns.forEach((c) => c.close());
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  return {
    update: summarize(samples.update),
    apply: summarize(samples.apply),
    ratio: mean(samples.apply) / mean(samples.update),
  };
}
