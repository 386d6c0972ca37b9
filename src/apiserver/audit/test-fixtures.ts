/**
 * Shared fixtures of the audit tests: an auditor over a capturing backend with a fixed clock and
 * audit ID, and a request's attributes.
 */
import assert from 'node:assert/strict';
import { Auditor } from './auditor.js';
import { encodeEvent } from './encode.js';
import { parsePolicy } from './policy.js';
import type { AuditAttributes, AuditEvent, Level, Policy } from './types.js';

/** 2026-12-02T18:06:54.123456Z in microseconds. */
export const T0 = Date.UTC(2026, 11, 2, 18, 6, 54) * 1000 + 123456;

/** An auditor whose events are kept; `lines()` gives them as their JSON lines parsed. */
export function setup(policy: Policy | string) {
  const events: AuditEvent[] = [];
  let t = T0;
  const auditor = new Auditor({
    policy: typeof policy === 'string' ? parsePolicy(policy) : policy,
    backend: { process: (ev) => (events.push(ev), true) },
    now: () => (t += 1000),
    newAuditID: () => '11111111-2222-3333-4444-555555555555',
  });
  const lines = () => events.map((e) => JSON.parse(encodeEvent(e)) as Record<string, unknown>);
  return { auditor, events, lines };
}

/** A one-rule policy at `level`. */
export const levelPolicy = (level: Level, extra = ''): Policy =>
  parsePolicy(`apiVersion: audit.k8s.io/v1\nkind: Policy\n${extra}\nrules: [{level: ${level}}]`);

export const alice = { name: 'alice', uid: 'u-1', groups: ['devs', 'system:authenticated'], extra: { scopes: ['a'] } };

/** Alice creating a pod in default, with `over` changed. */
export function attrs(over: Partial<AuditAttributes> = {}): AuditAttributes {
  return {
    user: alice,
    verb: 'create',
    namespace: 'default',
    apiGroup: '',
    apiVersion: 'v1',
    resource: 'pods',
    subresource: '',
    name: '',
    path: '/api/v1/namespaces/default/pods',
    isResourceRequest: true,
    ...over,
  };
}

export const pod = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: {
    name: 'web',
    namespace: 'default',
    uid: 'p-1',
    resourceVersion: '7',
    managedFields: [{ manager: 'kubectl' }],
  },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
};

/** A whole create: RequestReceived, authorization, the body, a 201 with the pod. */
export function createPod(auditor: Auditor, headers: Record<string, string> = {}) {
  const ev = auditor.begin({
    attrs: attrs(),
    uri: '/api/v1/namespaces/default/pods?fieldManager=kubectl',
    headers: { 'user-agent': 'kubectl/v1.32.0', ...headers },
    remoteAddress: '::ffff:10.0.0.9',
    received: T0,
  });
  assert.ok(ev);
  ev.authorized(true, 'RBAC: allowed by ClusterRoleBinding "x"');
  ev.setRequestObject(pod);
  ev.complete(201, pod);
  return ev;
}
