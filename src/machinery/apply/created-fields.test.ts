import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDefinitions } from '../../api/openapi/documents.js';
import { ApplySchema } from './apply-schema.js';
import { createdFieldsV1 } from './created-fields.js';
import { update, updateInGeneral, type UpdateOptions } from './field-manager.js';
import { FieldSet } from './field-set.js';
import { STRIPPED_FIELDS } from './pipeline.js';
import { at, cronTabSchema, deploymentSchema, nginxDeployment, serviceSchema } from './test-fixtures.js';

type Obj = Record<string, unknown>;
const podSchema = () => ApplySchema.root(loadDefinitions(), 'io.k8s.api.core.v1.Pod');
const STATUS = FieldSet.fromFieldPaths(['status']);

const pod = (spec: Obj = {}, meta: Obj = {}, extra: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' }, ...meta },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'nginx:1.27',
        ports: [
          { containerPort: 80, protocol: 'TCP' },
          { containerPort: 53, protocol: 'UDP', name: 'dns' },
        ],
        env: [{ name: 'A', value: '1' }],
        resources: { requests: { cpu: '100m' } },
      },
    ],
    restartPolicy: 'Always',
    ...spec,
  },
  ...extra,
});

/** The zero value a create of a pod starts from in the apiserver: value structs, required fields null. */
const podBase = (): Obj => ({ metadata: {}, spec: { containers: null }, status: {} });

/**
 * Runs a create through {@link update} and through the general path alone: both must store the
 * same object; `fast` says whether the one-walk path answers it.
 */
function check(opts: UpdateOptions, fast = true) {
  const r = update(opts);
  // Byte for byte, key order included: FieldsV1 is compared as text by clients.
  assert.equal(JSON.stringify(r), JSON.stringify(updateInGeneral(opts)));
  const withoutFields = { ...opts.updated, metadata: { ...(opts.updated.metadata as Obj) } };
  delete (withoutFields.metadata as Obj).managedFields;
  const answered = createdFieldsV1(opts.live, withoutFields, opts.schema, opts.resetFields, STRIPPED_FIELDS);
  assert.equal(answered !== undefined, fast, fast ? 'the one-walk path should answer' : 'the general path should');
  return r;
}

const podOpts = (updated: Obj, extra: Partial<UpdateOptions> = {}): UpdateOptions => ({
  live: podBase(),
  updated,
  manager: 'kube-controller-manager',
  apiVersion: 'v1',
  schema: podSchema(),
  resetFields: STATUS,
  now: at(1),
  ...extra,
});

describe('createdFieldsV1', () => {
  it('gives a created pod the general path’s entry: keyed lists, `.` members, status and server fields left out', () => {
    const r = check(podOpts(pod({}, { uid: 'x', generateName: 'web-' }, { status: { phase: 'Pending' } })));
    const fields = JSON.stringify(r.managedFields[0].fieldsV1);
    assert.match(fields, /"f:labels":\{"\.":\{\},"f:app":\{\}\}/);
    assert.match(fields, /"k:\{\\"containerPort\\":53,\\"protocol\\":\\"UDP\\"\}":\{"\.":\{\}/);
    assert.deepEqual(Object.keys(r.managedFields[0].fieldsV1!), ['f:metadata', 'f:spec']);
    assert.deepEqual(Object.keys((r.managedFields[0].fieldsV1 as Obj)['f:metadata'] as Obj), [
      'f:generateName',
      'f:labels',
    ]);
    assert.equal(r.managedFields[0].time, '2024-01-01T00:01:00Z');
  });

  it('matches the general path on empty and null containers, repeated keys and values the base holds', () => {
    check(podOpts(pod({ volumes: [], nodeSelector: {}, tolerations: null }, { annotations: {} })));
    check(
      podOpts(
        pod({
          containers: [
            { name: 'a', image: 'x' },
            { name: 'a', image: 'y' },
          ],
        }),
      ),
    );
    check(podOpts(pod({ containers: [] })));
    check(podOpts({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' }, spec: {} }));
    check(podOpts(pod(), { live: undefined }));
    check(podOpts(pod({ hostNetwork: false, dnsConfig: { options: [{ name: 'ndots', value: '2' }] } })));
  });

  it('leaves an object that does not fit its schema to the general path, which stores no managedFields', () => {
    const r = check(podOpts(pod({ containers: [{ image: 'no-name' }] })), false);
    assert.deepEqual(r.managedFields, []);
    assert.equal((r.object.metadata as Obj).managedFields, undefined);
  });

  it('matches the general path for deployments, services, custom resources and the empty manager', () => {
    const d = nginxDeployment();
    const dBase = {
      metadata: {},
      spec: { selector: null, template: { metadata: {}, spec: { containers: null } } },
      status: {},
    };
    check({
      live: dBase,
      updated: d,
      manager: 'kubectl-create',
      apiVersion: 'apps/v1',
      schema: deploymentSchema(),
      resetFields: STATUS,
      now: at(2),
    });
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: {
        selector: { app: 'web' },
        ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
        clusterIPs: ['10.96.0.9'],
      },
    };
    check({
      live: { metadata: {}, spec: {}, status: {} },
      updated: svc,
      manager: '',
      apiVersion: 'v1',
      schema: serviceSchema(),
      now: at(3),
    });
    const tab = {
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'c' },
      spec: { cronSpec: '* * * * */5', replicas: 2 },
    };
    check({ updated: tab, manager: 'helm', apiVersion: 'stable.example.com/v1', schema: cronTabSchema(), now: at(4) });
    check({
      updated: { a: { b: [1, 2], c: {} } },
      manager: 'm',
      apiVersion: 'v1',
      schema: ApplySchema.deduced(),
      now: at(4),
    });
  });

  it('leaves creates that send managedFields to the general path, but takes an empty list', () => {
    const sent = [
      { manager: 'x', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } },
    ];
    const opts = podOpts(pod({}, { managedFields: sent }));
    assert.equal(JSON.stringify(update(opts)), JSON.stringify(updateInGeneral(opts)));
    check(podOpts(pod({}, { managedFields: [] })));
  });

  it('matches the general path on randomly assembled pods', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pick = <T>(xs: T[]): T => xs[rand(xs.length)];
    const values: unknown[] = [null, {}, [], '', 'v', 0, 3, true, { k: 'v' }, ['a', 'a'], [{ name: 'n' }]];
    const specFields = ['volumes', 'nodeSelector', 'tolerations', 'hostname', 'priority', 'affinity', 'initContainers'];
    const paths = { fast: 0, general: 0 };
    for (let i = 0; i < 200; i++) {
      const spec: Obj = {};
      for (const f of specFields) if (rand(3) === 0) spec[f] = pick(values);
      const meta: Obj = rand(2)
        ? { labels: pick([{}, { a: 'b' }, null]) }
        : { finalizers: pick([['x', 'x'], [], ['y']]) };
      const opts = podOpts(
        pod(spec, meta, rand(2) ? { status: pick(values) } : {}),
        rand(4) ? {} : { live: undefined },
      );
      const r = update(opts);
      assert.equal(JSON.stringify(r), JSON.stringify(updateInGeneral(opts)), JSON.stringify(opts.updated));
      const answered = createdFieldsV1(opts.live, opts.updated, opts.schema, STATUS, STRIPPED_FIELDS) !== undefined;
      paths[answered ? 'fast' : 'general']++;
    }
    // Both paths were taken: some of the pods have items that cannot be named.
    assert.ok(paths.fast > 100 && paths.general > 10, JSON.stringify(paths));
  });
});
