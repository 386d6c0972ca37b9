import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorizeNode, nodeRulesFor, type NodeAttributes } from './authorizer.js';
import { req, source } from './test-helpers.js';

const NO_REL = "no relationship found between node 'n1' and this object";
type Row = [string, NodeAttributes, 'Allow' | 'NoOpinion', string];
const allow = (what: string, a: NodeAttributes): Row => [what, a, 'Allow', ''];
const deny = (what: string, a: NodeAttributes, reason: string): Row => [what, a, 'NoOpinion', reason];

/** Each row against the memoising source and against the same objects without a revision (direct scans). */
const sources = [source, { ...source, revision: undefined }];
function check(rows: Row[]) {
  for (const [what, attrs, decision, reason] of rows) {
    for (const s of sources) assert.deepEqual(authorizeNode(attrs, s), { decision, reason }, what);
  }
}

test('secrets: only those the node’s pods (and their PVs) reference, get/list/watch of one object', () => {
  const s = (verb: string, name: string, o: Parameters<typeof req>[2] = {}) =>
    req(verb, 'secrets', { ns: 'ns1', name, ...o });
  check([
    allow('volume secret', s('get', 's-vol')),
    allow('imagePullSecret', s('get', 'ips1')),
    allow('projected secret', s('get', 's-proj')),
    allow('env secretKeyRef', s('get', 's-env')),
    allow('init container envFrom', s('get', 's-init')),
    allow('inline CSI nodePublishSecretRef', s('get', 's-csi')),
    allow('PV nodePublishSecretRef via PVC', s('get', 'pv1-secret', { ns: 'storage' })),
    deny('PV controllerPublishSecretRef is not kubelet-visible', s('get', 'pv1-ctrl', { ns: 'storage' }), NO_REL),
    deny('another node’s secret', s('get', 's-other'), NO_REL),
    deny('mirror pods grant nothing', s('get', 's-mirror'), NO_REL),
    deny('same name, other namespace', s('get', 's-vol', { ns: 'ns2' }), NO_REL),
    allow('list narrowed by metadata.name', s('list', '', { fs: 'metadata.name=s-vol' })),
    allow('watch narrowed by metadata.name', s('watch', '', { fs: 'metadata.name=s-env' })),
    deny('watch of an unrelated one', s('watch', '', { fs: 'metadata.name=s-other' }), NO_REL),
    deny('list of all', s('list', ''), 'No Object name found'),
    deny('list across namespaces', req('list', 'secrets'), 'can only read namespaced object of this type'),
    deny('create', s('create', ''), 'can only read resources of this type'),
    deny('update', s('update', 's-vol'), 'can only read resources of this type'),
    deny('subresource', s('get', 's-vol', { sub: 'x' }), 'cannot read subresource'),
  ]);
});

test('configmaps, PVCs, PVs, ResourceClaims, VolumeAttachments', () => {
  const ns = 'ns1';
  check([
    allow('configmap volume', req('get', 'configmaps', { ns, name: 'cm-vol' })),
    allow('projected configmap', req('get', 'configmaps', { ns, name: 'cm-proj' })),
    allow('env configMapKeyRef', req('get', 'configmaps', { ns, name: 'cm-env' })),
    allow('ephemeral container envFrom', req('get', 'configmaps', { ns, name: 'cm-eph' })),
    deny('unrelated configmap', req('get', 'configmaps', { ns, name: 'cm-x' }), NO_REL),
    allow('pvc', req('get', 'persistentvolumeclaims', { ns, name: 'pvc1' })),
    allow('generic ephemeral pvc', req('get', 'persistentvolumeclaims', { ns, name: 'pod1-scratch' })),
    deny('other pvc', req('get', 'persistentvolumeclaims', { ns, name: 'pvc2' }), NO_REL),
    deny('list pvcs', req('list', 'persistentvolumeclaims', { ns }), 'can only get individual resources of this type'),
    deny(
      'update pvc',
      req('update', 'persistentvolumeclaims', { ns, name: 'pvc1' }),
      'can only get individual resources of this type',
    ),
    allow('pvc status update', req('update', 'persistentvolumeclaims', { ns, name: 'pvc1', sub: 'status' })),
    allow('pvc status patch', req('patch', 'persistentvolumeclaims', { ns, name: 'pvc1', sub: 'status' })),
    deny(
      'pvc status get',
      req('get', 'persistentvolumeclaims', { ns, name: 'pvc1', sub: 'status' }),
      'can only get/update/patch this type',
    ),
    deny('other pvc status', req('patch', 'persistentvolumeclaims', { ns, name: 'pvc2', sub: 'status' }), NO_REL),
    allow('pv through pvc', req('get', 'persistentvolumes', { name: 'pv1' })),
    deny('other pv', req('get', 'persistentvolumes', { name: 'pv2' }), NO_REL),
    deny('unknown pv', req('get', 'persistentvolumes', { name: 'nope' }), NO_REL),
    deny('pv without name', req('get', 'persistentvolumes'), 'No Object name found'),
    allow('claim by name', req('get', 'resourceclaims', { ns, name: 'claim1', group: 'resource.k8s.io' })),
    allow('claim from template', req('get', 'resourceclaims', { ns, name: 'pod1-tmpl-abc', group: 'resource.k8s.io' })),
    deny('other claim', req('get', 'resourceclaims', { ns, name: 'x', group: 'resource.k8s.io' }), NO_REL),
    deny(
      'claim status',
      req('get', 'resourceclaims', { ns, name: 'claim1', sub: 'status', group: 'resource.k8s.io' }),
      'cannot get subresource',
    ),
    allow('own attachment', req('get', 'volumeattachments', { name: 'va1', group: 'storage.k8s.io' })),
    deny('other attachment', req('get', 'volumeattachments', { name: 'va2', group: 'storage.k8s.io' }), NO_REL),
    deny(
      'list attachments',
      req('list', 'volumeattachments', { group: 'storage.k8s.io' }),
      'can only get individual resources of this type',
    ),
  ]);
});

test('service account tokens, leases, CSINodes, ResourceSlices', () => {
  const lease = (verb: string, ns: string, name = '') =>
    req(verb, 'leases', { ns, name, group: 'coordination.k8s.io' });
  const csi = (verb: string, name = '', sub = '') => req(verb, 'csinodes', { name, sub, group: 'storage.k8s.io' });
  const slice = (verb: string, name = '', o: { fs?: string; sub?: string } = {}) =>
    req(verb, 'resourceslices', { name, group: 'resource.k8s.io', ...o });
  check([
    allow('token for own pod’s SA', req('create', 'serviceaccounts', { ns: 'ns1', name: 'sa1', sub: 'token' })),
    deny('token for other SA', req('create', 'serviceaccounts', { ns: 'ns1', name: 'sa2', sub: 'token' }), NO_REL),
    deny(
      'token for mirror pod SA',
      req('create', 'serviceaccounts', { ns: 'ns1', name: 'sa-mirror', sub: 'token' }),
      NO_REL,
    ),
    deny(
      'get SA',
      req('get', 'serviceaccounts', { ns: 'ns1', name: 'sa1' }),
      'can only create tokens for individual service accounts',
    ),
    deny(
      'create SA',
      req('create', 'serviceaccounts', { ns: 'ns1', name: 'sa1' }),
      'can only create token subresource of serviceaccount',
    ),
    allow('own lease', lease('update', 'kube-node-lease', 'n1')),
    allow('create lease', lease('create', 'kube-node-lease')),
    deny(
      'other lease',
      lease('get', 'kube-node-lease', 'n2'),
      'can only access node lease with the same name as the requesting node',
    ),
    deny(
      'lease elsewhere',
      lease('get', 'default', 'n1'),
      'can only access leases in the "kube-node-lease" system namespace',
    ),
    deny(
      'list leases',
      lease('list', 'kube-node-lease'),
      'can only get, create, update, patch, or delete a node lease',
    ),
    allow('own csinode', csi('patch', 'n1')),
    allow('create csinode', csi('create')),
    deny('other csinode', csi('get', 'n2'), 'can only access CSINode with the same name as the requesting node'),
    deny('csinode subresource', csi('get', 'n1', 'status'), 'cannot authorize CSINode subresources'),
    deny('watch csinodes', csi('watch'), 'can only get, create, update, patch, or delete a CSINode'),
    allow('create slice', slice('create')),
    allow('own slice', slice('get', 'slice1')),
    deny('unknown slice', slice('delete', 'slice2'), NO_REL),
    allow('list own slices', slice('list', '', { fs: 'nodeName=n1' })),
    deny(
      'list all slices',
      slice('watch'),
      'can only list/watch/deletecollection resourceslices with nodeName field selector',
    ),
    deny('slice subresource', slice('get', 'slice1', { sub: 'status' }), 'cannot authorize ResourceSlice subresources'),
    deny(
      'slice verb',
      slice('escalate', 'slice1'),
      'only the following verbs are allowed for a ResourceSlice: get, watch, list, create, update, patch, delete, deletecollection',
    ),
  ]);
});

test('nodes and pods (AuthorizeNodeWithSelectors, on by default in 1.32)', () => {
  check([
    allow('own node', req('get', 'nodes', { name: 'n1' })),
    allow('own node by field selector', req('watch', 'nodes', { fs: 'metadata.name=n1' })),
    deny('other node', req('get', 'nodes', { name: 'n2' }), "node 'n1' cannot read 'n2', only its own Node object"),
    deny('all nodes', req('list', 'nodes'), "node 'n1' cannot read all nodes, only its own Node object"),
    allow('create node', req('create', 'nodes')),
    allow('patch node', req('patch', 'nodes', { name: 'n2' })),
    allow('node status', req('patch', 'nodes', { name: 'n1', sub: 'status' })),
    deny('delete node', req('delete', 'nodes', { name: 'n1' }), ''),
    deny('get node status', req('get', 'nodes', { name: 'n1', sub: 'status' }), ''),
    allow('own pod', req('get', 'pods', { ns: 'ns1', name: 'pod1' })),
    allow('mirror pod', req('get', 'pods', { ns: 'ns1', name: 'mirror' })),
    deny('other pod', req('get', 'pods', { ns: 'ns1', name: 'pod2' }), NO_REL),
    allow('list bound pods', req('list', 'pods', { fs: 'spec.nodeName=n1' })),
    allow('watch one pod', req('watch', 'pods', { ns: 'ns1', fs: 'metadata.name=pod1' })),
    deny('watch other pod', req('watch', 'pods', { ns: 'ns1', fs: 'metadata.name=pod2' }), NO_REL),
    deny('list all pods', req('list', 'pods'), 'can only list/watch pods with spec.nodeName field selector'),
    deny(
      'list other node’s pods',
      req('list', 'pods', { fs: 'spec.nodeName=n2' }),
      'can only list/watch pods with spec.nodeName field selector',
    ),
    allow('create mirror pod', req('create', 'pods', { ns: 'ns1' })),
    allow('delete pod', req('delete', 'pods', { ns: 'ns1', name: 'pod2' })),
    allow('pod status', req('update', 'pods', { ns: 'ns1', name: 'pod1', sub: 'status' })),
    allow('eviction', req('create', 'pods', { ns: 'ns1', name: 'pod1', sub: 'eviction' })),
    deny('update pod', req('update', 'pods', { ns: 'ns1', name: 'pod1' }), ''),
    deny('pod log', req('get', 'pods', { ns: 'ns1', name: 'pod1', sub: 'log' }), ''),
  ]);
});

test('everything else by the system:node rules; non-nodes get no opinion', () => {
  const alice = { name: 'alice', groups: ['system:nodes'] };
  check([
    allow('services', req('list', 'services')),
    allow('events', req('create', 'events', { ns: 'ns1' })),
    allow('tokenreviews', req('create', 'tokenreviews', { group: 'authentication.k8s.io' })),
    allow('csr', req('create', 'certificatesigningrequests', { group: 'certificates.k8s.io' })),
    deny('deployments', req('get', 'deployments', { ns: 'ns1', name: 'd', group: 'apps' }), ''),
    deny('not a node', req('get', 'secrets', { ns: 'ns1', name: 's-vol', user: alice }), ''),
    deny(
      'no nodes group',
      req('get', 'secrets', { ns: 'ns1', name: 's-vol', user: { name: 'system:node:n1', groups: [] } }),
      '',
    ),
    deny(
      'unnamed node',
      req('get', 'nodes', { user: { name: 'system:node:', groups: ['system:nodes'] } }),
      'unknown node for user "system:node:"',
    ),
  ]);
  const healthz: NodeAttributes = { ...req('get', ''), resourceRequest: false, path: '/healthz' };
  assert.deepEqual(authorizeNode(healthz, source), { decision: 'NoOpinion', reason: '' });
});

test('nodeRulesFor: nodes cannot enumerate their rules', () => {
  assert.deepEqual(nodeRulesFor({ name: 'system:node:n1', groups: ['system:nodes'] }).errors, [
    'node authorizer does not support user rule resolution',
  ]);
  assert.equal(nodeRulesFor({ name: 'system:node:n1', groups: ['system:nodes'] }).incomplete, true);
  assert.equal(nodeRulesFor({ name: 'bob', groups: [] }).incomplete, false);
});
