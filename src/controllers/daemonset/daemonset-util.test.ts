import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Affinity, Node, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../client/workqueue/fake-clock.js';
import { Backoff } from './backoff.js';
import { shouldIgnoreNodeUpdate } from './controller.js';
import { matchesRevision, getPatch } from './history.js';
import { nodeShouldRunDaemonPod } from './node-match.js';
import { planRollingUpdate } from './update.js';
import {
  addOrUpdateDaemonPodTolerations,
  createPodTemplate,
  getTargetNodeName,
  isPodUpdated,
  replaceDaemonSetPodNodeNameNodeAffinity,
} from './util.js';

function newDaemonSet(spec: Partial<PodSpec> = {}, extra: Partial<DaemonSet['spec']> = {}): DaemonSet {
  return {
    metadata: { name: 'ds', namespace: 'default', uid: 'ds-uid' },
    spec: {
      selector: { matchLabels: { app: 'ds' } },
      template: { metadata: { labels: { app: 'ds' } }, spec: { containers: [{ name: 'c', image: 'i' }], ...spec } },
      ...extra,
    },
  };
}

const node = (
  name: string,
  labels: Record<string, string> = {},
  taints: NonNullable<Node['spec']>['taints'] = [],
): Node => ({
  metadata: { name, labels },
  spec: { taints },
});

describe('nodeShouldRunDaemonPod', () => {
  const cases: [string, DaemonSet, Node, boolean, boolean][] = [
    ['plain node', newDaemonSet(), node('n'), true, true],
    ['nodeSelector matches', newDaemonSet({ nodeSelector: { disk: 'ssd' } }), node('n', { disk: 'ssd' }), true, true],
    [
      'nodeSelector does not match',
      newDaemonSet({ nodeSelector: { disk: 'ssd' } }),
      node('n', { disk: 'hdd' }),
      false,
      false,
    ],
    ['template nodeName elsewhere', newDaemonSet({ nodeName: 'other' }), node('n'), false, false],
    ['template nodeName here', newDaemonSet({ nodeName: 'n' }), node('n'), true, true],
    [
      'required affinity matches',
      newDaemonSet({
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
            },
          },
        },
      }),
      node('n', { zone: 'b' }),
      true,
      true,
    ],
    [
      'required affinity does not match',
      newDaemonSet({
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['m'] }] }],
            },
          },
        },
      }),
      node('n'),
      false,
      false,
    ],
    [
      'untolerated NoSchedule: no new pod, an existing one stays',
      newDaemonSet(),
      node('n', {}, [{ key: 'k', effect: 'NoSchedule' }]),
      false,
      true,
    ],
    [
      'untolerated NoExecute: none at all',
      newDaemonSet(),
      node('n', {}, [{ key: 'k', effect: 'NoExecute' }]),
      false,
      false,
    ],
    [
      'PreferNoSchedule is no obstacle',
      newDaemonSet(),
      node('n', {}, [{ key: 'k', effect: 'PreferNoSchedule' }]),
      true,
      true,
    ],
    [
      'tolerated taint',
      newDaemonSet({ tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }] }),
      node('n', {}, [{ key: 'k', value: 'v', effect: 'NoSchedule' }]),
      true,
      true,
    ],
    [
      'cordoned node (daemon pods tolerate unschedulable)',
      newDaemonSet(),
      node('n', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]),
      true,
      true,
    ],
    [
      'not-ready NoSchedule (as a new node gets it)',
      newDaemonSet(),
      node('n', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]),
      false,
      true,
    ],
    [
      'not-ready NoExecute is tolerated forever',
      newDaemonSet(),
      node('n', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]),
      true,
      true,
    ],
    [
      'network-unavailable blocks pods without hostNetwork',
      newDaemonSet(),
      node('n', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]),
      false,
      true,
    ],
    [
      'network-unavailable is tolerated with hostNetwork',
      newDaemonSet({ hostNetwork: true }),
      node('n', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]),
      true,
      true,
    ],
  ];
  for (const [name, ds, n, shouldRun, shouldContinueRunning] of cases) {
    it(name, () => assert.deepEqual(nodeShouldRunDaemonPod(n, ds), { shouldRun, shouldContinueRunning }));
  }
});

describe('daemon pod templates', () => {
  it('adds the daemon tolerations, replacing ones that differ only in seconds', () => {
    const spec: PodSpec = {
      containers: [],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'mine', operator: 'Exists' },
      ],
    };
    addOrUpdateDaemonPodTolerations(spec);
    assert.deepEqual(spec.tolerations?.slice(0, 2), [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'mine', operator: 'Exists' },
    ]);
    assert.equal(spec.tolerations?.length, 7);
  });

  // Upstream's TestReplaceDaemonSetPodNodeNameNodeAffinity, in short.
  it('pins the pod to its node by replacing the required terms only', () => {
    const pin = {
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['host_1'] }] }],
    };
    assert.deepEqual(replaceDaemonSetPodNodeNameNodeAffinity(undefined, 'host_1'), {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: pin },
    });
    const preferred = [{ weight: 1, preference: { matchExpressions: [{ key: 'z', operator: 'In', values: ['a'] }] } }];
    const affinity: Affinity = {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: preferred,
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['host_2'] }] },
            { matchExpressions: [{ key: 'hostname', operator: 'In', values: ['host_1'] }] },
          ],
        },
      },
      podAffinity: {},
    };
    assert.deepEqual(replaceDaemonSetPodNodeNameNodeAffinity(affinity, 'host_1'), {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: preferred,
        requiredDuringSchedulingIgnoredDuringExecution: pin,
      },
      podAffinity: {},
    });
  });

  it('finds the target node of bound and pinned pods', () => {
    const pinned: Pod = {
      spec: { containers: [], affinity: replaceDaemonSetPodNodeNameNodeAffinity(undefined, 'n1') },
    };
    assert.equal(getTargetNodeName(pinned), 'n1');
    assert.equal(getTargetNodeName({ spec: { containers: [], nodeName: 'n2' } }), 'n2');
    assert.equal(getTargetNodeName({ spec: { containers: [] } }), undefined);
  });

  it('labels pods with the hash and, when known, the template generation', () => {
    const ds = newDaemonSet();
    const t = createPodTemplate(ds.spec!.template, 3, 'abc');
    assert.deepEqual(t.metadata?.labels, {
      app: 'ds',
      'pod-template-generation': '3',
      'controller-revision-hash': 'abc',
    });
    assert.deepEqual(createPodTemplate(ds.spec!.template, undefined, 'abc').metadata?.labels, {
      app: 'ds',
      'controller-revision-hash': 'abc',
    });
    const pod: Pod = { metadata: { labels: t.metadata?.labels } };
    assert.equal(isPodUpdated(pod, 'abc', undefined), true);
    assert.equal(isPodUpdated(pod, 'xyz', 3), true);
    assert.equal(isPodUpdated(pod, 'xyz', 4), false);
  });

  it('matches a revision by the template it stores', () => {
    const ds = newDaemonSet();
    const rev = { revision: 1, data: getPatch(ds) };
    assert.equal(matchesRevision(ds, rev), true);
    assert.equal(matchesRevision(newDaemonSet({ hostNetwork: true }), rev), false);
  });
});

describe('rolling update budget', () => {
  const now = Date.parse('2026-01-01T00:10:00Z');
  const readySince = '2026-01-01T00:00:00Z';
  const pod = (name: string, nodeName: string, hash: string, ready: boolean): Pod => ({
    metadata: { name, labels: { 'controller-revision-hash': hash } },
    spec: { containers: [], nodeName },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: readySince }],
    },
  });
  const nodes = ['n1', 'n2', 'n3', 'n4'].map((n) => node(n));
  const plan = (ds: DaemonSet, pods: Pod[]) => {
    const byNode = new Map<string, Pod[]>();
    for (const p of pods) byNode.set(p.spec!.nodeName!, [...(byNode.get(p.spec!.nodeName!) ?? []), p]);
    return planRollingUpdate(ds, nodes, byNode, 'new', now);
  };
  const withStrategy = (maxUnavailable: number | string, maxSurge: number | string) =>
    newDaemonSet({}, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } } });

  it('deletes up to maxUnavailable available old pods', () => {
    const old = ['n1', 'n2', 'n3', 'n4'].map((n) => pod(`p-${n}`, n, 'old', true));
    assert.deepEqual(plan(withStrategy(1, 0), old), { podsToDelete: ['p-n1'], nodesToCreate: [] });
    assert.deepEqual(plan(withStrategy('50%', 0), old).podsToDelete, ['p-n1', 'p-n2']);
  });

  it('counts unavailable new pods and empty nodes against the budget, but always replaces unavailable old pods', () => {
    const pods = [pod('a', 'n1', 'new', false), pod('b', 'n2', 'old', true), pod('c', 'n3', 'old', false)];
    // n1 (new, not ready) and n4 (no pod) use 2 of maxUnavailable 2; c is unavailable anyway.
    assert.deepEqual(plan(withStrategy(2, 0), pods).podsToDelete, ['c']);
    assert.deepEqual(plan(withStrategy(3, 0), pods).podsToDelete, ['c', 'b']);
  });

  it('surges new pods beside old ones, deleting the old once the new is available', () => {
    const pods = [
      pod('a-old', 'n1', 'old', true),
      pod('a-new', 'n1', 'new', true),
      pod('b-old', 'n2', 'old', true),
      pod('c-old', 'n3', 'old', true),
      pod('d-old', 'n4', 'old', false),
    ];
    assert.deepEqual(plan(withStrategy(0, 1), pods), { podsToDelete: ['a-old'], nodesToCreate: ['n4', 'n2'] });
    const inFlight = [...pods.slice(0, 1), pod('a-new', 'n1', 'new', false), ...pods.slice(2)];
    assert.deepEqual(plan(withStrategy(0, 1), inFlight), { podsToDelete: [], nodesToCreate: ['n4'] });
  });
});

describe('failed pod backoff and node updates', () => {
  it('doubles the delay from 1 s and forgets idle entries', () => {
    const clock = new FakeClock();
    const b = new Backoff(clock, 1_000, 8_000);
    const t0 = clock.now();
    assert.equal(b.isInBackOffSinceUpdate('k', t0), false);
    b.next('k', t0);
    assert.equal(b.get('k'), 1_000);
    assert.equal(b.isInBackOffSinceUpdate('k', t0 + 999), true);
    assert.equal(b.isInBackOffSinceUpdate('k', t0 + 1_000), false);
    b.next('k', t0 + 1_000);
    b.next('k', t0 + 2_000);
    b.next('k', t0 + 3_000);
    b.next('k', t0 + 4_000);
    assert.equal(b.get('k'), 8_000);
    b.gc(t0 + 4_000 + 16_001);
    assert.equal(b.get('k'), 0);
  });

  it('ignores node updates that only touch heartbeats', () => {
    const a: Node = {
      metadata: { name: 'n', resourceVersion: '1' },
      status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: 't1' }] },
    };
    const b: Node = {
      metadata: { name: 'n', resourceVersion: '2' },
      status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: 't2' }] },
    };
    assert.equal(shouldIgnoreNodeUpdate(a, b), true);
    assert.equal(shouldIgnoreNodeUpdate(a, { ...b, metadata: { ...b.metadata, labels: { x: 'y' } } }), false);
    assert.equal(
      shouldIgnoreNodeUpdate(a, { ...b, status: { conditions: [{ type: 'Ready', status: 'False' }] } }),
      false,
    );
  });
});
