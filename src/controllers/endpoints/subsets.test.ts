/** The desired subsets of a service's Endpoints, and truncation past 1000 addresses. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1.js';
import {
  capacityAnnotationSetCorrectly,
  computeSubsets,
  subsetsEqualIgnoringResourceVersion,
  truncateSubsets,
} from './subsets.js';

function pod(i: number, opts: { ready?: boolean; deleting?: boolean; port?: number; node?: string } = {}): Pod {
  return {
    metadata: {
      name: `p${i}`,
      namespace: 'ns',
      uid: `uid-${i}`,
      ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: {
      nodeName: opts.node ?? 'n1',
      containers: [{ name: 'c', ports: [{ name: 'http', containerPort: opts.port ?? 8080, protocol: 'TCP' }] }],
    },
    status: {
      phase: 'Running',
      podIP: `10.0.0.${i}`,
      podIPs: [{ ip: `10.0.0.${i}` }],
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }],
    },
  };
}

const svc = (spec: Partial<Service['spec']> = {}): Service => ({
  metadata: { name: 's', namespace: 'ns' },
  spec: {
    clusterIP: '10.96.0.10',
    ipFamilies: ['IPv4'],
    selector: { app: 's' },
    ports: [{ name: 'web', port: 80, targetPort: 'http', protocol: 'TCP' }],
    ...spec,
  },
});

const ips = (addrs: EndpointSubset['addresses']) => (addrs ?? []).map((a) => a.ip);

describe('computeSubsets', () => {
  it('splits ready and not-ready pods and resolves named target ports per pod', () => {
    const { subsets, ready, notReady } = computeSubsets(svc(), [pod(1), pod(2, { ready: false }), pod(3)]);
    assert.equal(ready, 2);
    assert.equal(notReady, 1);
    assert.equal(subsets.length, 1);
    assert.deepEqual(ips(subsets[0].addresses), ['10.0.0.1', '10.0.0.3']);
    assert.deepEqual(ips(subsets[0].notReadyAddresses), ['10.0.0.2']);
    assert.deepEqual(subsets[0].ports, [{ name: 'web', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(subsets[0].addresses![0], {
      ip: '10.0.0.1',
      nodeName: 'n1',
      targetRef: { kind: 'Pod', namespace: 'ns', name: 'p1', uid: 'uid-1' },
    });
  });

  it('makes one subset per distinct resolved port', () => {
    const { subsets } = computeSubsets(svc(), [pod(1, { port: 8080 }), pod(2, { port: 9090 })]);
    assert.deepEqual(
      subsets.map((s) => [ips(s.addresses), s.ports![0].port]),
      [
        [['10.0.0.1'], 8080],
        [['10.0.0.2'], 9090],
      ],
    );
  });

  it('drops terminating pods unless not-ready addresses are published, which makes every address ready', () => {
    const pods = [pod(1), pod(2, { ready: false }), pod(3, { deleting: true })];
    assert.deepEqual(ips(computeSubsets(svc(), pods).subsets[0].addresses), ['10.0.0.1']);
    const published = computeSubsets(svc({ publishNotReadyAddresses: true }), pods).subsets;
    assert.deepEqual(ips(published[0].addresses), ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    assert.equal(published[0].notReadyAddresses, undefined);
  });

  it('leaves out pods without an IP or without the target port', () => {
    const noIP: Pod = { ...pod(4), status: { phase: 'Pending' } };
    const s = svc({ ports: [{ name: 'x', port: 80, targetPort: 'nope', protocol: 'TCP' }] });
    assert.deepEqual(computeSubsets(s, [pod(1)]).subsets, []);
    assert.deepEqual(computeSubsets(svc(), [noIP]).subsets, []);
  });

  it('keeps the addresses of a headless service without ports, with hostnames for its subdomain', () => {
    const p = pod(1);
    p.spec = { ...p.spec!, hostname: 'h1', subdomain: 's' };
    const { subsets } = computeSubsets(svc({ clusterIP: 'None', ports: [] }), [p]);
    assert.equal(subsets.length, 1);
    assert.equal(subsets[0].ports, undefined);
    assert.equal(subsets[0].addresses![0].hostname, 'h1');
  });
});

describe('truncateSubsets (upstream maxCapacity 1000)', () => {
  const addrs = (n: number, base: number) =>
    Array.from({ length: n }, (_, i) => ({ ip: `10.${base}.${i >> 8}.${i & 255}` }));
  const total = (subsets: EndpointSubset[]) =>
    subsets.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0]);
  const cases: { name: string; given: [number, number][]; want: [number, number][] | undefined }[] = [
    { name: 'under capacity', given: [[500, 500]], want: undefined },
    { name: 'not ready truncated first', given: [[600, 600]], want: [[600, 400]] },
    { name: 'ready over capacity drops all not ready', given: [[1200, 50]], want: [[1000, 0]] },
    {
      name: 'proportional over subsets, rounded up',
      given: [
        [300, 300],
        [300, 300],
      ],
      want: [
        [300, 200],
        [300, 200],
      ],
    },
    {
      name: 'ready truncated proportionally',
      given: [
        [900, 0],
        [300, 10],
      ],
      want: [
        [750, 0],
        [250, 0],
      ],
    },
  ];
  for (const tc of cases)
    it(tc.name, () => {
      const subsets: EndpointSubset[] = tc.given.map(([r, n], i) => ({
        addresses: addrs(r, i * 2),
        notReadyAddresses: addrs(n, i * 2 + 1),
        ports: [{ port: 80 }],
      }));
      const truncated = truncateSubsets(subsets);
      assert.equal(truncated, tc.want !== undefined);
      if (tc.want) assert.deepEqual(total(subsets), tc.want);
      assert.equal(
        capacityAnnotationSetCorrectly(
          truncated ? { 'endpoints.kubernetes.io/over-capacity': 'truncated' } : {},
          subsets,
        ),
        !truncated,
      );
    });
});

describe('subsetsEqualIgnoringResourceVersion', () => {
  it('ignores target resourceVersions and absent-vs-empty lists', () => {
    const a: EndpointSubset[] = [
      { addresses: [{ ip: '1.1.1.1', targetRef: { name: 'p', resourceVersion: '1' } }], ports: [{ port: 80 }] },
    ];
    const b: EndpointSubset[] = [
      {
        addresses: [{ ip: '1.1.1.1', targetRef: { name: 'p', resourceVersion: '9' } }],
        notReadyAddresses: [],
        ports: [{ port: 80 }],
      },
    ];
    assert.equal(subsetsEqualIgnoringResourceVersion(a, b), true);
    assert.equal(subsetsEqualIgnoringResourceVersion(undefined, []), true);
    assert.equal(subsetsEqualIgnoringResourceVersion(a, []), false);
  });
});
