import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDefinitions } from '../../api/openapi/documents.js';
import { ApplySchema } from './apply-schema.js';
import { apply, update, updateInGeneral, type UpdateOptions } from './field-manager.js';
import { FieldSet } from './field-set.js';
import { formatTime } from './managed-fields.js';
import { ownFieldsUpdate } from './own-fields-update.js';
import { at, cronTabSchema, deploymentSchema, nginxDeployment } from './test-fixtures.js';

type Obj = Record<string, unknown>;
const leaseSchema = () => ApplySchema.root(loadDefinitions(), 'io.k8s.api.coordination.v1.Lease');
const stored = (o: Obj): Obj => ({ ...o, metadata: { ...(o.metadata as Obj), uid: 'u-1', resourceVersion: '7' } });
const lease = (renewTime: string, extra: Obj = {}): Obj => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'node-1', namespace: 'kube-node-lease' },
  spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime, ...extra },
});
const leaseOpts = { manager: 'kubelet', apiVersion: 'coordination.k8s.io/v1', schema: leaseSchema() };
/** A Lease as the kubelet created it at minute 1. */
const createdLease = () =>
  stored(update({ ...leaseOpts, updated: lease('2024-01-01T00:01:00.000000Z'), now: at(1) }).object);
const edit = (o: Obj, f: (copy: Obj) => void): Obj => {
  const copy = structuredClone(o);
  f(copy);
  return copy;
};

/**
 * Runs `opts` through {@link update} and through the general path alone: both must store the same
 * object, and the same managedFields byte for byte; `fast` says whether the own-fields path was
 * the one that answered.
 */
function check(opts: UpdateOptions, fast: boolean | undefined) {
  const r = update(opts);
  const general = updateInGeneral(opts);
  assert.deepEqual(r, general);
  assert.equal(JSON.stringify(r.managedFields), JSON.stringify(general.managedFields));
  const ctx = { apiVersion: opts.apiVersion, subresource: opts.subresource, schema: opts.schema };
  const same = ownFieldsUpdate({
    ...ctx,
    live: opts.live!,
    updated: opts.updated,
    manager: opts.manager,
    ignored: opts.resetFields,
    now: formatTime(opts.now ?? new Date()),
  });
  if (fast !== undefined) {
    assert.equal(same !== undefined, fast, fast ? 'the own-fields path should answer' : 'the general path should');
  }
  return Object.assign(r, { fast: same !== undefined });
}

describe('ownFieldsUpdate', () => {
  it('answers a Lease renewal: the renewer’s entry stamped, its fields unchanged', () => {
    const live = createdLease();
    const renewed = edit(live, (o) => ((o.spec as Obj).renewTime = '2024-01-01T00:02:00.000000Z'));
    const r = check({ ...leaseOpts, live, updated: renewed, now: at(2) }, true);
    const [entry] = r.managedFields;
    assert.equal(entry.time, '2024-01-01T00:02:00Z');
    assert.deepEqual(entry.fieldsV1, (live.metadata as { managedFields: Obj[] }).managedFields[0].fieldsV1);
  });

  it('answers an update that changes nothing, or only what nobody owns, without stamping', () => {
    const live = createdLease();
    check({ ...leaseOpts, live, updated: structuredClone(live), now: at(3) }, true);
    const bumped = edit(live, (o) => ((o.metadata as Obj).resourceVersion = '8'));
    const r = check({ ...leaseOpts, live, updated: bumped, now: at(3) }, true);
    assert.equal(r.managedFields[0].time, '2024-01-01T00:01:00Z');
  });

  it('answers when the client sent no managedFields, and on a status subresource whatever it sent', () => {
    const live = createdLease();
    const noFields = edit(live, (o) => {
      delete (o.metadata as Obj).managedFields;
      (o.spec as Obj).renewTime = '2024-01-01T00:02:00.000000Z';
    });
    check({ ...leaseOpts, live, updated: noFields, now: at(2) }, true);
  });

  it('leaves to the general path a field another manager also owns, or one the writer does not own', () => {
    const live = createdLease();
    const byOther = edit(live, (o) => ((o.spec as Obj).renewTime = '2024-01-01T00:02:00.000000Z'));
    check({ ...leaseOpts, manager: 'kube-controller-manager', live, updated: byOther, now: at(2) }, false);
    const taken = stored(check({ ...leaseOpts, manager: 'other', live, updated: byOther, now: at(2) }, false).object);
    const again = edit(taken, (o) => ((o.spec as Obj).renewTime = '2024-01-01T00:03:00.000000Z'));
    check({ ...leaseOpts, manager: 'other', live: taken, updated: again, now: at(3) }, true);

    // An applier of the same value shares the field: the renewal takes it from the applier.
    const config = { ...lease('2024-01-01T00:01:00.000000Z'), metadata: { name: 'node-1' } };
    const shared = stored(apply({ ...leaseOpts, manager: 'b', live, config, now: at(1) }).object);
    assert.equal((shared.metadata as { managedFields: Obj[] }).managedFields.length, 2);
    const renewed = edit(shared, (o) => ((o.spec as Obj).renewTime = '2024-01-01T00:02:00.000000Z'));
    check({ ...leaseOpts, live: shared, updated: renewed, now: at(2) }, false);
  });

  it('answers what the writer adds, nulls or retypes; leaves to the general path what it removes from an owner', () => {
    const live = createdLease();
    const added = edit(live, (o) => ((o.spec as Obj).leaseTransitions = 1));
    const r = check({ ...leaseOpts, live, updated: added, now: at(2) }, true);
    assert.match(JSON.stringify(r.managedFields[0].fieldsV1), /"f:leaseTransitions":\{\}/);
    const nulled = edit(live, (o) => ((o.spec as Obj).holderIdentity = null));
    check({ ...leaseOpts, live, updated: nulled, now: at(2) }, true);
    const typed = edit(live, (o) => ((o.spec as Obj).leaseDurationSeconds = '40'));
    check({ ...leaseOpts, live, updated: typed, now: at(2) }, true);
    const removed = edit(live, (o) => delete (o.spec as Obj).holderIdentity);
    check({ ...leaseOpts, live, updated: removed, now: at(2) }, false);
    const sentOther = edit(live, (o) => ((o.metadata as { managedFields: Obj[] }).managedFields[0].manager = 'x'));
    check({ ...leaseOpts, live, updated: sentOther, now: at(2) }, false);

    const dOpts = { manager: 'kubectl', apiVersion: 'apps/v1', schema: deploymentSchema() };
    const d = stored(apply({ ...dOpts, config: nginxDeployment(), now: at(1) }).object);
    const image = edit(
      d,
      (o) => (((o.spec as Obj).template as { spec: { containers: Obj[] } }).spec.containers[0].image = 'x'),
    );
    check({ ...dOpts, manager: 'kubectl-edit', live: d, updated: image, now: at(2) }, false);
  });

  it('answers an applier’s scalar and atomic fields changed by their Update, with the general path’s result', () => {
    const dOpts = { manager: 'kubectl', apiVersion: 'apps/v1', schema: deploymentSchema() };
    const d = stored(apply({ ...dOpts, config: nginxDeployment(), now: at(1) }).object);
    const scaled = edit(d, (o) => ((o.spec as Obj).replicas = 5));
    const taken = stored(check({ ...dOpts, manager: 'hpa', live: d, updated: scaled, now: at(2) }, false).object);
    const rescaled = edit(taken, (o) => ((o.spec as Obj).replicas = 6));
    check({ ...dOpts, manager: 'hpa', live: taken, updated: rescaled, now: at(3) }, true);
    const selector = edit(taken, (o) => ((o.spec as Obj).selector = { matchLabels: { app: 'x' } }));
    check({ ...dOpts, manager: 'hpa', live: taken, updated: selector, now: at(3) }, false);

    const cOpts = { manager: 'm', apiVersion: 'stable.example.com/v1', schema: cronTabSchema() };
    const ct = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'c' } };
    const c = stored(update({ ...cOpts, updated: { ...ct, spec: { selector: { a: '1' } } }, now: at(1) }).object);
    const atomic = edit(c, (o) => ((o.spec as Obj).selector = { a: '2' }));
    check({ ...cOpts, live: c, updated: atomic, now: at(2) }, true);
  });

  it('does not take ownership of what the endpoint resets', () => {
    const live = createdLease();
    const renewed = edit(live, (o) => ((o.spec as Obj).renewTime = '2024-01-01T00:02:00.000000Z'));
    const resetSpec = FieldSet.fromFieldPaths(['spec']);
    const r = check({ ...leaseOpts, live, updated: renewed, now: at(2), resetFields: resetSpec }, true);
    assert.equal(r.managedFields[0].time, '2024-01-01T00:01:00Z');
  });
});
