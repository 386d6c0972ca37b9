import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conflictError, conflictMessage, conflictsFromManagers, printManager } from './conflicts.js';
import { keyElement, pathString } from './field-path.js';
import { FieldSet } from './field-set.js';
import { managerIdentifier } from './managed-fields.js';

const applier = managerIdentifier({ manager: 'kubectl', operation: 'Apply' });
const updater = managerIdentifier({ manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1' });
const statusUpdater = managerIdentifier({
  manager: 'kubelet',
  operation: 'Update',
  apiVersion: 'v1',
  subresource: 'status',
});
const f = (field: string) => ({ field });

describe('printManager', () => {
  it('names appliers, updaters with their version, and subresources', () => {
    assert.equal(printManager(applier), '"kubectl"');
    assert.equal(printManager(updater), '"kube-controller-manager" using apps/v1');
    assert.equal(printManager(statusUpdater), '"kubelet" with subresource "status" using v1');
    assert.equal(printManager('not json'), '"not json"');
  });
});

describe('conflictsFromManagers', () => {
  it('lists managers in identifier order and each manager’s fields in set order', () => {
    const sets = new Map([
      [updater, FieldSet.of([f('spec'), f('template'), f('x')], [f('spec'), f('replicas')])],
      [applier, FieldSet.of([f('metadata'), f('labels'), f('a')])],
    ]);
    const out = conflictsFromManagers(sets).map((c) => `${printManager(c.manager)} ${pathString(c.path)}`);
    assert.deepEqual(out, [
      '"kube-controller-manager" using apps/v1 .spec.replicas',
      '"kube-controller-manager" using apps/v1 .spec.template.x',
      '"kubectl" .metadata.labels.a',
    ]);
  });
});

describe('conflictError', () => {
  it('words one conflict and several as upstream', () => {
    const image = [f('spec'), f('containers'), keyElement([{ name: 'name', value: 'nginx' }]), f('image')];
    assert.equal(
      conflictMessage([{ manager: updater, path: [f('spec'), f('replicas')] }]),
      'Apply failed with 1 conflict: conflict with "kube-controller-manager" using apps/v1: .spec.replicas',
    );
    const err = conflictError([
      { manager: updater, path: [f('spec'), f('replicas')] },
      { manager: applier, path: image },
      { manager: updater, path: [f('spec'), f('paused')] },
    ]);
    assert.equal(
      err.message,
      'Apply failed with 3 conflicts: conflicts with "kube-controller-manager" using apps/v1:\n- .spec.replicas\n- .spec.paused\n' +
        'conflicts with "kubectl":\n- .spec.containers[name="nginx"].image',
    );
    assert.equal(err.code, 409);
    assert.equal(err.reason, 'Conflict');
    assert.deepEqual(err.details?.causes?.[1], {
      reason: 'FieldManagerConflict',
      message: 'conflict with "kubectl"',
      field: '.spec.containers[name="nginx"].image',
    });
  });
});
