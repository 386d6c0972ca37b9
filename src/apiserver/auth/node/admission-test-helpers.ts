/** Shared fixtures for the NodeRestriction tests: listers over a few pods and a run helper. */
import assert from 'node:assert/strict';
import { ApiError } from '../../../machinery/errors.js';
import { admitNodeRestriction, type NodeRestrictionInput } from './admission.js';
import type { Obj } from './refs.js';
import { n1User } from './test-helpers.js';

export { n1User };

const pods: Obj[] = [
  { metadata: { namespace: 'ns1', name: 'mine', uid: 'uid-mine', labels: { app: 'a' } }, spec: { nodeName: 'n1' } },
  { metadata: { namespace: 'ns1', name: 'theirs', uid: 'uid-theirs' }, spec: { nodeName: 'n2' } },
];

/** Runs the plugin as node n1 (CREATE of core pods in ns1 unless overridden); the refusal's message, or undefined. */
export function run(over: Partial<NodeRestrictionInput>): string | undefined {
  try {
    admitNodeRestriction({
      user: n1User,
      operation: 'CREATE',
      group: '',
      resource: 'pods',
      subresource: '',
      namespace: 'ns1',
      name: '',
      getPod: (ns, name) => pods.find((p) => p.metadata.namespace === ns && p.metadata.name === name),
      getNode: (name) => (name === 'n1' ? { metadata: { name: 'n1', uid: 'node-uid-1' } } : undefined),
      ...over,
    });
    return undefined;
  } catch (err) {
    assert.ok(err instanceof ApiError, String(err));
    return `${err.code} ${err.message}`;
  }
}

/** Each row: what, input, expected `<code> <message>` or undefined for admitted. */
export function table(rows: [string, Partial<NodeRestrictionInput>, string | undefined][]): void {
  for (const [what, input, want] of rows) assert.equal(run(input), want, what);
}
