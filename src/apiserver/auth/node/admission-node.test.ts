import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { forbiddenNodeLabels, isKubeletLabel } from './admission-node.js';
import { table } from './admission-test-helpers.js';
import type { Obj } from './refs.js';

const node = (spec: Obj = {}, labels: Obj = {}, name = 'n1'): Obj => ({ metadata: { name, labels }, spec });
const N = 'nodes "n1" is forbidden: ';

test('kubelet labels: allowed list and namespaces, node-restriction and other kubernetes.io labels forbidden', () => {
  for (const k of [
    'kubernetes.io/hostname',
    'topology.kubernetes.io/zone',
    'node.kubernetes.io/instance-type',
    'x.kubelet.kubernetes.io/a',
    'node.kubernetes.io/exclude-from-external-load-balancers',
  ]) {
    assert.equal(isKubeletLabel(k), true, k);
  }
  assert.equal(isKubeletLabel('node-role.kubernetes.io/worker'), false);
  assert.deepEqual(
    forbiddenNodeLabels([
      'example.com/a',
      'node-restriction.kubernetes.io/x',
      'a.node-restriction.kubernetes.io/y',
      'k8s.io/z',
      'node-role.kubernetes.io/worker',
      'kubernetes.io/os',
      'plain',
    ]),
    [
      'a.node-restriction.kubernetes.io/y',
      'k8s.io/z',
      'node-restriction.kubernetes.io/x',
      'node-role.kubernetes.io/worker',
    ],
  );
});

test('nodes: only its own Node; no configSource, taint changes or forbidden labels', () => {
  const nodes = { resource: 'nodes', namespace: '' };
  const upd = (oldObject: Obj, object: Obj) => ({
    ...nodes,
    operation: 'UPDATE' as const,
    name: 'n1',
    oldObject,
    object,
  });
  table([
    ['create own', { ...nodes, object: node({}, { 'kubernetes.io/hostname': 'n1', 'example.com/x': 'y' }) }, undefined],
    [
      'create other',
      { ...nodes, object: node({}, {}, 'n2') },
      '403 nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"',
    ],
    [
      'create with configSource',
      { ...nodes, object: node({ configSource: { configMap: {} } }) },
      `403 ${N}node "n1" is not allowed to create pods with a non-nil configSource`,
    ],
    [
      'create with forbidden labels',
      {
        ...nodes,
        object: node({}, { 'node-role.kubernetes.io/master': '', 'node-restriction.kubernetes.io/pool': 'a' }),
      },
      `403 ${N}node "n1" is not allowed to set the following labels: node-restriction.kubernetes.io/pool, node-role.kubernetes.io/master`,
    ],
    ['status update', { ...upd(node({ taints: [] }), node()), subresource: 'status' }, undefined],
    [
      'taints',
      upd(node({ taints: [{ key: 'k', effect: 'NoSchedule' }] }), node()),
      `403 ${N}node "n1" is not allowed to modify taints`,
    ],
    ['same configSource', upd(node({ configSource: { a: 1 } }), node({ configSource: { a: 1 } })), undefined],
    ['dropped configSource', upd(node({ configSource: { a: 1 } }), node()), undefined],
    [
      'new configSource',
      upd(node(), node({ configSource: { a: 1 } })),
      `403 ${N}node "n1" is not allowed to update configSource to a new non-nil configSource`,
    ],
    [
      'add forbidden label',
      upd(node(), node({}, { 'node-role.kubernetes.io/worker': '' })),
      `403 ${N}is not allowed to modify labels: node-role.kubernetes.io/worker`,
    ],
    [
      'remove forbidden label',
      upd(node({}, { 'k8s.io/x': 'a' }), node()),
      `403 ${N}is not allowed to modify labels: k8s.io/x`,
    ],
    [
      'allowed label change',
      upd(node({}, { 'kubernetes.io/arch': 'amd64' }), node({}, { 'kubernetes.io/arch': 'arm64' })),
      undefined,
    ],
    ['delete own', { ...nodes, operation: 'DELETE', name: 'n1' }, undefined],
    [
      'delete other',
      { ...nodes, operation: 'DELETE', name: 'n2' },
      '403 nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"',
    ],
  ]);
});

test('service account tokens: bound to a pod on this node, by uid', () => {
  const tr = (boundObjectRef?: Obj) => ({
    resource: 'serviceaccounts',
    subresource: 'token',
    name: 'sa1',
    object: { spec: { audiences: ['api'], boundObjectRef } },
  });
  const pod = (name: string, uid: string) => ({ apiVersion: 'v1', kind: 'Pod', name, uid });
  const S = '403 serviceaccounts "sa1" is forbidden: ';
  table([
    ['own pod', tr(pod('mine', 'uid-mine')), undefined],
    ['unbound', tr(), `${S}node requested token not bound to a pod`],
    [
      'bound to a secret',
      tr({ apiVersion: 'v1', kind: 'Secret', name: 's', uid: 'u' }),
      `${S}node requested token not bound to a pod`,
    ],
    ['no uid', tr(pod('mine', '')), `${S}node requested token with a pod binding without a uid`],
    ['missing pod', tr(pod('gone', 'u')), '404 pod "gone" not found'],
    [
      'stale uid',
      tr(pod('mine', 'old')),
      `${S}the UID in the bound object reference (old) does not match the UID in record. The object might have been deleted and then recreated`,
    ],
    [
      'other node',
      tr(pod('theirs', 'uid-theirs')),
      `${S}node requested token bound to a pod scheduled on a different node`,
    ],
    ['update SA', { resource: 'serviceaccounts', operation: 'UPDATE', name: 'sa1', object: {} }, undefined],
  ]);
});

test('leases, CSINodes and ResourceSlices', () => {
  const lease = { group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease' };
  const csi = { group: 'storage.k8s.io', resource: 'csinodes', namespace: '' };
  const slice = { group: 'resource.k8s.io', resource: 'resourceslices', namespace: '' };
  table([
    ['create own lease', { ...lease, object: { metadata: { name: 'n1' } } }, undefined],
    [
      'create other lease',
      { ...lease, object: { metadata: { name: 'n2' } } },
      '403 leases.coordination.k8s.io "n2" is forbidden: can only access node lease with the same name as the requesting node',
    ],
    [
      'update other lease',
      { ...lease, operation: 'UPDATE', name: 'n2', object: {} },
      '403 leases.coordination.k8s.io "n2" is forbidden: can only access node lease with the same name as the requesting node',
    ],
    [
      'lease elsewhere',
      { ...lease, namespace: 'default', operation: 'UPDATE', name: 'n1' },
      '403 leases.coordination.k8s.io "n1" is forbidden: can only access leases in the "kube-node-lease" system namespace',
    ],
    ['create own csinode', { ...csi, object: { metadata: { name: 'n1' } } }, undefined],
    [
      'delete other csinode',
      { ...csi, operation: 'DELETE', name: 'n2' },
      '403 csinodes.storage.k8s.io "n2" is forbidden: can only access CSINode with the same name as the requesting node',
    ],
    ['create own slice', { ...slice, object: { metadata: { name: 's' }, spec: { nodeName: 'n1' } } }, undefined],
    [
      'create other slice',
      { ...slice, object: { metadata: { name: 's' }, spec: { nodeName: 'n2' } } },
      '403 resourceslices.resource.k8s.io "s" is forbidden: can only create ResourceSlice with the same NodeName as the requesting node',
    ],
    [
      'delete other slice',
      { ...slice, operation: 'DELETE', name: 's', oldObject: { spec: { nodeName: 'n2' } } },
      '403 resourceslices.resource.k8s.io "s" is forbidden: can only delete ResourceSlice with the same NodeName as the requesting node',
    ],
    ['update slice', { ...slice, operation: 'UPDATE', name: 's', object: { spec: { nodeName: 'n2' } } }, undefined],
  ]);
});

async function csrPem(cn: string): Promise<string> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${cn}, O=system:nodes`,
    keys,
    signingAlgorithm: alg,
  });
  return Buffer.from(csr.toString('pem')).toString('base64');
}

test('node CSRs for the kubelet signers must name the node', async () => {
  const csr = (request: string, signerName = 'kubernetes.io/kube-apiserver-client-kubelet', features = {}) => ({
    group: 'certificates.k8s.io',
    resource: 'certificatesigningrequests',
    namespace: '',
    object: { metadata: { name: 'csr-1' }, spec: { signerName, request, usages: ['client auth'] } },
    features,
  });
  const own = await csrPem('system:node:n1');
  const other = await csrPem('system:node:n2');
  const C = '403 certificatesigningrequests.certificates.k8s.io "csr-1" is forbidden: ';
  table([
    ['own client CSR', csr(own), undefined],
    ['other node client CSR', csr(other), `${C}can only create a node CSR with CN=system:node:n1`],
    [
      'other node serving CSR',
      csr(other, 'kubernetes.io/kubelet-serving'),
      `${C}can only create a node CSR with CN=system:node:n1`,
    ],
    ['other signer', csr(other, 'example.com/signer'), undefined],
    [
      'not PEM',
      csr(Buffer.from('junk').toString('base64')),
      `${C}unable to parse csr: PEM block type must be CERTIFICATE REQUEST`,
    ],
    [
      'AllowInsecureKubeletCertificateSigningRequests',
      csr(other, undefined, { allowInsecureKubeletCertificateSigningRequests: true }),
      undefined,
    ],
  ]);
});
