import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDefinitions } from '../../api/openapi/documents.js';
import { ApplySchema } from './apply-schema.js';
import { update, updateInGeneral, type UpdateOptions } from './field-manager.js';
import { FieldSet } from './field-set.js';
import { LEAF } from './fields-v1.js';
import { formatTime } from './managed-fields.js';
import { ownFieldsUpdate } from './own-fields-update.js';
import { at } from './test-fixtures.js';

type Obj = Record<string, unknown>;
const schema = ApplySchema.root(loadDefinitions(), 'io.k8s.api.core.v1.Pod');
const NOT_STATUS = FieldSet.fromFieldPaths(['spec'], ['metadata']);
const STATUS = FieldSet.fromFieldPaths(['status']);
const statusOpts = { apiVersion: 'v1', subresource: 'status', schema, resetFields: NOT_STATUS };
const mainOpts = { apiVersion: 'v1', schema, resetFields: STATUS };

/** A pod as a ReplicaSet creates it, stored, then bound to a node (a binding records no managedFields). */
function boundPod(): Obj {
  const created = update({
    ...mainOpts,
    manager: 'kube-controller-manager',
    now: at(1),
    updated: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { generateName: 'web-', name: 'web-x', namespace: 'default', labels: { app: 'web' } },
      spec: {
        containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
        restartPolicy: 'Always',
        tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }],
      },
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    },
  }).object;
  const pod = structuredClone(created);
  Object.assign(pod.metadata as Obj, { uid: 'u-1', resourceVersion: '7' });
  (pod.spec as Obj).nodeName = 'node-1';
  (pod.status as Obj).conditions = [
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: 't0' },
  ];
  return pod;
}

/** The status a node reports for a running pod. */
const runningStatus = (ip = '10.0.0.2'): Obj => ({
  phase: 'Running',
  qosClass: 'BestEffort',
  conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: 't1',
  })),
  hostIP: '10.0.0.1',
  hostIPs: [{ ip: '10.0.0.1' }],
  podIP: ip,
  podIPs: [{ ip }],
  startTime: 't1',
  containerStatuses: [
    { name: 'app', image: 'nginx', ready: true, restartCount: 0, state: { running: { startedAt: 't1' } } },
  ],
});

const withStatus = (pod: Obj, status: Obj): Obj => ({ ...structuredClone(pod), status });
const stored = (pod: Obj): Obj => {
  const copy = structuredClone(pod);
  (copy.metadata as Obj).resourceVersion = String(Number((copy.metadata as Obj).resourceVersion) + 1);
  return copy;
};

/** {@link update} against the general path alone, byte for byte; returns whether the own-fields path answered. */
function check(opts: UpdateOptions): { object: Obj; fast: boolean } {
  const r = update(opts);
  const general = updateInGeneral(opts);
  assert.deepEqual(r, general);
  assert.equal(JSON.stringify(r.managedFields), JSON.stringify(general.managedFields));
  const fast = ownFieldsUpdate({
    live: opts.live!,
    updated: opts.updated,
    manager: opts.manager,
    apiVersion: opts.apiVersion,
    subresource: opts.subresource,
    schema: opts.schema,
    ignored: opts.resetFields,
    now: formatTime(opts.now ?? new Date()),
  });
  return { object: r.object, fast: fast !== undefined };
}

describe('ownFieldsUpdate on pods', () => {
  it('answers a node’s first status: conditions, addresses and container statuses added', () => {
    const live = boundPod();
    const r = check({
      ...statusOpts,
      manager: 'kubelet',
      live,
      updated: withStatus(live, runningStatus()),
      now: at(2),
    });
    assert.equal(r.fast, true);
    const entries = (r.object.metadata as { managedFields: Obj[] }).managedFields;
    assert.deepEqual(
      entries.map((e) => [e.manager, e.subresource]),
      [
        ['kube-controller-manager', undefined],
        ['kubelet', 'status'],
      ],
    );
    assert.match(JSON.stringify(entries[1].fieldsV1), /"k:\{\\"type\\":\\"Ready\\"\}":\{"\.":\{\},"f:lastProbeTime"/);
    // Every member without children in the new entry is the one shared leaf.
    const leaves: unknown[] = [];
    const walk = (node: Obj) => {
      const keys = Object.keys(node);
      if (keys.length === 0) leaves.push(node);
      for (const k of keys) walk(node[k] as Obj);
    };
    walk(entries[1].fieldsV1 as Obj);
    assert.ok(leaves.length > 10);
    assert.ok(leaves.every((leaf) => leaf === LEAF));
  });

  it('answers the node’s next status; leaves to the general path what it removes and what others own', () => {
    const first = stored(
      check({
        ...statusOpts,
        manager: 'kubelet',
        live: boundPod(),
        updated: withStatus(boundPod(), runningStatus()),
        now: at(2),
      }).object,
    );
    const notReady = runningStatus();
    (notReady.conditions as Obj[])[1].status = 'False';
    assert.equal(
      check({ ...statusOpts, manager: 'kubelet', live: first, updated: withStatus(first, notReady), now: at(3) }).fast,
      true,
    );
    const noIP = runningStatus();
    delete noIP.podIP;
    assert.equal(
      check({ ...statusOpts, manager: 'kubelet', live: first, updated: withStatus(first, noIP), now: at(3) }).fast,
      false,
    );
    // Another writer of the same condition takes it from the kubelet: the general path's.
    assert.equal(
      check({ ...statusOpts, manager: 'other', live: first, updated: withStatus(first, notReady), now: at(3) }).fast,
      false,
    );
    // A status field nobody owned yet goes to a second writer without touching the kubelet's entry.
    const nominated = { ...runningStatus(), nominatedNodeName: 'node-2' };
    assert.equal(
      check({ ...statusOpts, manager: 'other', live: first, updated: withStatus(first, nominated), now: at(3) }).fast,
      true,
    );
  });

  it('matches the general path byte for byte over many random edits', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const edits: ((o: Obj) => void)[] = [
      (o) => ((o.status as Obj).phase = ['Running', 'Failed', null][random(3)]),
      (o) => delete (o.status as Obj).hostIP,
      (o) => ((o.status as Obj).podIPs = [{ ip: `10.0.0.${random(4)}` }]),
      (o) => ((o.status as Obj).conditions as Obj[]).splice(random(4), 1),
      (o) => ((o.status as Obj).conditions as Obj[]).push({ type: `X${random(3)}`, status: 'True' }),
      (o) => (((o.status as Obj).conditions as Obj[])[random(2)].lastProbeTime = 't9'),
      (o) => (random(2) ? ((o.status as Obj).message = 'm') : delete (o.status as Obj).message),
      (o) => (((o.metadata as Obj).labels as Obj)[`l${random(3)}`] = 'v'),
      (o) => delete ((o.metadata as Obj).labels as Obj).app,
      (o) => ((o.spec as Obj).activeDeadlineSeconds = random(3)),
      (o) => (((o.spec as Obj).containers as Obj[])[0].image = `nginx:${random(3)}`),
      (o) => ((o.spec as Obj).tolerations = []),
      (o) => (((o.status as Obj).containerStatuses as Obj[])[0].restartCount = random(3)),
      (o) => ((o.status as Obj).hostIPs = { bad: true }),
    ];
    const managers = ['kubelet', 'kube-controller-manager', 'other'];
    let live = stored(withStatus(boundPod(), runningStatus()));
    (live.metadata as Obj).managedFields = (
      update({ ...statusOpts, manager: 'kubelet', live: boundPod(), updated: live, now: at(2) }).object.metadata as Obj
    ).managedFields;
    let fast = 0;
    for (let i = 0; i < 400; i++) {
      const updated = structuredClone(live);
      for (let n = 1 + random(3); n > 0; n--) edits[random(edits.length)](updated);
      const opts = random(2) ? statusOpts : mainOpts;
      const r = check({ ...opts, manager: managers[random(3)], live, updated, now: at(3 + i) });
      if (r.fast) fast++;
      if (random(2)) live = stored(r.object);
    }
    assert.ok(fast > 200 && fast < 390, `the own-fields path answered ${fast} of 400`);
  });
});
