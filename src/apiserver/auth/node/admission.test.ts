import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../machinery/errors.js';
import { admitNodeRestriction } from './admission.js';
import { n1User, run, table } from './admission-test-helpers.js';
import type { Obj } from './refs.js';

const owner = { apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'node-uid-1', controller: true };
const mirrorPod = (spec: Obj = {}, meta: Obj = {}): Obj => ({
  metadata: {
    name: 'static-n1',
    namespace: 'ns1',
    annotations: { 'kubernetes.io/config.mirror': 'hash' },
    ownerReferences: [owner],
    ...meta,
  },
  spec: { nodeName: 'n1', containers: [{ name: 'c' }], ...spec },
});
const P = 'pods "static-n1" is forbidden: ';

test('pods: a node creates only mirror pods bound to and owned by itself, referencing nothing', () => {
  table([
    ['valid mirror pod', { object: mirrorPod() }, undefined],
    ['not a node', { user: { name: 'alice', groups: [] }, object: { metadata: { name: 'x' } } }, undefined],
    [
      'unidentifiable node',
      { user: { name: 'system:node:', groups: ['system:nodes'] }, object: {} },
      '403 pods "Unknown" is forbidden: could not determine node from user "system:node:"',
    ],
    [
      'not a mirror pod',
      { object: mirrorPod({}, { annotations: {} }) },
      `403 ${P}pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods`,
    ],
    [
      'bound elsewhere',
      { object: mirrorPod({ nodeName: 'n2' }) },
      `403 ${P}node "n1" can only create pods with spec.nodeName set to itself`,
    ],
    [
      'no owner',
      { object: mirrorPod({}, { ownerReferences: [] }) },
      `403 ${P}node "n1" can only create pods with an owner reference set to itself`,
    ],
    [
      'two owners',
      { object: mirrorPod({}, { ownerReferences: [owner, owner] }) },
      `403 ${P}node "n1" can only create pods with a single owner reference set to itself`,
    ],
    [
      'owned by another node',
      { object: mirrorPod({}, { ownerReferences: [{ ...owner, name: 'n2' }] }) },
      `403 ${P}node "n1" can only create pods with an owner reference set to itself`,
    ],
    [
      'not controller',
      { object: mirrorPod({}, { ownerReferences: [{ ...owner, controller: false }] }) },
      `403 ${P}node "n1" can only create pods with a controller owner reference set to itself`,
    ],
    [
      'blockOwnerDeletion',
      { object: mirrorPod({}, { ownerReferences: [{ ...owner, blockOwnerDeletion: true }] }) },
      `403 ${P}node "n1" must not set blockOwnerDeletion on an owner reference`,
    ],
    [
      'uid mismatch',
      { object: mirrorPod({}, { ownerReferences: [{ ...owner, uid: 'bad' }] }) },
      `403 ${P}node n1 UID mismatch: expected bad got node-uid-1`,
    ],
    ['node not in lister', { object: mirrorPod(), getNode: () => undefined }, '404 node "n1" not found'],
    [
      'service account',
      { object: mirrorPod({ serviceAccountName: 'sa' }) },
      `403 ${P}node "n1" can not create pods that reference a service account`,
    ],
    [
      'secret',
      { object: mirrorPod({ containers: [{ name: 'c', envFrom: [{ secretRef: { name: 's' } }] }] }) },
      `403 ${P}node "n1" can not create pods that reference secrets`,
    ],
    [
      'configmap',
      { object: mirrorPod({ volumes: [{ name: 'v', configMap: { name: 'cm' } }] }) },
      `403 ${P}node "n1" can not create pods that reference configmaps`,
    ],
    [
      'cluster trust bundle',
      {
        object: mirrorPod({
          volumes: [{ name: 'v', projected: { sources: [{ clusterTrustBundle: { name: 'b', path: 'p' } }] } }],
        }),
      },
      `403 ${P}node "n1" can not create pods that reference clustertrustbundles`,
    ],
    [
      'pvc',
      { object: mirrorPod({ volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'c' } }] }) },
      `403 ${P}node "n1" can not create pods that reference persistentvolumeclaims`,
    ],
  ]);
});

test('pods: update, delete, status, eviction and other subresources', () => {
  const mine = { metadata: { name: 'mine', labels: { app: 'a' } }, spec: { nodeName: 'n1' } };
  const theirs = { metadata: { name: 'theirs' }, spec: { nodeName: 'n2' } };
  table([
    [
      'update',
      { operation: 'UPDATE', name: 'mine' },
      '403 pods "mine" is forbidden: unexpected operation "UPDATE", node "n1" can only create and delete mirror pods',
    ],
    ['delete own', { operation: 'DELETE', name: 'mine' }, undefined],
    [
      'delete other',
      { operation: 'DELETE', name: 'theirs' },
      '403 pods "theirs" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself',
    ],
    ['delete missing', { operation: 'DELETE', name: 'gone' }, '404 pod "gone" not found'],
    [
      'own status',
      { operation: 'UPDATE', subresource: 'status', name: 'mine', oldObject: mine, object: mine },
      undefined,
    ],
    [
      'other status',
      { operation: 'UPDATE', subresource: 'status', name: 'theirs', oldObject: theirs, object: theirs },
      '403 pods "theirs" is forbidden: node "n1" can only update pod status for pods with spec.nodeName set to itself',
    ],
    [
      'labels through status',
      {
        operation: 'UPDATE',
        subresource: 'status',
        name: 'mine',
        oldObject: mine,
        object: { ...mine, metadata: { name: 'mine' } },
      },
      '403 pods "mine" is forbidden: node "n1" cannot update labels through pod status',
    ],
    [
      'claim statuses',
      {
        operation: 'UPDATE',
        subresource: 'status',
        name: 'mine',
        oldObject: mine,
        object: { ...mine, status: { resourceClaimStatuses: [{ name: 'c', resourceClaimName: 'x' }] } },
      },
      '403 pods "mine" is forbidden: node "n1" cannot update resource claim statues',
    ],
    [
      'status delete',
      { operation: 'DELETE', subresource: 'status', name: 'mine' },
      '403 pods "mine" is forbidden: unexpected operation "DELETE"',
    ],
    ['evict own', { subresource: 'eviction', name: 'mine', object: { metadata: { name: 'mine' } } }, undefined],
    ['evict by body name', { subresource: 'eviction', object: { metadata: { name: 'mine' } } }, undefined],
    [
      'evict other',
      { subresource: 'eviction', name: 'theirs', object: { metadata: {} } },
      '403 pods "theirs" is forbidden: node n1 can only evict pods with spec.nodeName set to itself',
    ],
    [
      'evict unnamed',
      { subresource: 'eviction', object: { metadata: {} } },
      '403 pods "Unknown" is forbidden: could not determine pod from request data',
    ],
    ['evict missing', { subresource: 'eviction', name: 'gone', object: {} }, '404 pod "gone" not found'],
    [
      'evict update',
      { operation: 'UPDATE', subresource: 'eviction', name: 'mine', object: {} },
      '403 pods "mine" is forbidden: unexpected operation UPDATE',
    ],
    [
      'binding',
      { subresource: 'binding', name: 'mine', object: {} },
      `403 pods "mine" is forbidden: unexpected pod subresource "binding", only 'status' and 'eviction' are allowed`,
    ],
    ['exec is CONNECT', { operation: 'CONNECT', subresource: 'exec', name: 'theirs' }, undefined],
  ]);
});

test('PVCs: only status, and only capacity, conditions and allocated resources in it', () => {
  const pvc = (status: Obj, labels: Obj = {}) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'c', namespace: 'ns1', resourceVersion: '5', labels },
    spec: { volumeName: 'pv' },
    status: { phase: 'Bound', ...status },
  });
  const old = pvc({ capacity: { storage: '1Gi' } });
  const upd = (object: Obj, features = {}) => ({
    operation: 'UPDATE' as const,
    resource: 'persistentvolumeclaims',
    subresource: 'status',
    name: 'c',
    oldObject: old,
    object,
    features,
  });
  table([
    [
      'spec update',
      { ...upd(old), subresource: '' },
      '403 persistentvolumeclaims "c" is forbidden: may only update PVC status',
    ],
    [
      'capacity',
      upd({
        ...pvc({ capacity: { storage: '2Gi' }, conditions: [{ type: 'Resizing' }] }),
        metadata: { name: 'c', namespace: 'ns1', labels: {} },
      }),
      undefined,
    ],
    ['allocated resources', upd(pvc({ allocatedResources: { storage: '2Gi' } })), undefined],
    [
      'allocated resources without RecoverVolumeExpansionFailure',
      upd(pvc({ capacity: { storage: '1Gi' }, allocatedResources: { storage: '2Gi' } }), {
        recoverVolumeExpansionFailure: false,
      }),
      '403 persistentvolumeclaims "c" is forbidden: node "n1" is not allowed to update fields other than status.quantity and status.conditions: status.allocatedResources: null -> {"storage":"2Gi"}',
    ],
    [
      'create status',
      { ...upd(old), operation: 'CREATE' },
      '403 persistentvolumeclaims "c" is forbidden: unexpected operation "CREATE"',
    ],
  ]);
  const relabel = run(upd(pvc({}, { x: 'y' })));
  assert.match(
    relabel ?? '',
    /^403 persistentvolumeclaims "c" is forbidden: node "n1" is not allowed to update fields other than status\.quantity and status\.conditions: metadata\.labels\.x: null -> "y"$/,
  );
});

test('refusals are ApiError 403 Forbidden with upstream details', () => {
  try {
    admitNodeRestriction({
      user: n1User,
      operation: 'DELETE',
      group: '',
      resource: 'pods',
      subresource: '',
      namespace: 'ns1',
      name: 'theirs',
      getPod: () => ({ spec: { nodeName: 'n2' } }),
    });
    assert.fail('admitted');
  } catch (err) {
    assert.ok(err instanceof ApiError);
    assert.deepEqual(err.toStatus(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "theirs" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself',
      reason: 'Forbidden',
      details: { name: 'theirs', kind: 'pods' },
      code: 403,
    });
  }
});
