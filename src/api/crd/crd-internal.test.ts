import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crontabCRD, crontabSchema } from './crontab-fixture.js';
import {
  defaultCustomResourceDefinition,
  prepareCustomResourceDefinitionForCreate,
  prepareCustomResourceDefinitionForUpdate,
  semanticEqual,
  toInternalSpec,
} from './crd-internal.js';

describe('toInternalSpec', () => {
  it('moves what all versions share to the spec', () => {
    const crd = crontabCRD();
    crd.spec.versions.push({
      ...structuredClone(crd.spec.versions[0]),
      name: 'v2',
      storage: false,
      subresources: { status: {} },
    });
    const spec = toInternalSpec(crd);
    assert.deepEqual(spec.validation, { openAPIV3Schema: crontabSchema() });
    assert.equal(spec.subresources, undefined);
    assert.deepEqual(
      spec.versions.map((v) => [v.name, v.schema, v.subresources]),
      [
        ['v1', undefined, undefined],
        ['v2', undefined, { status: {} }],
      ],
    );
    assert.equal(spec.version, 'v1');
  });

  it('keeps differing schemas per version and maps the webhook to the internal fields', () => {
    const crd = crontabCRD();
    crd.spec.versions.push({
      name: 'v2',
      served: true,
      storage: false,
      schema: { openAPIV3Schema: { type: 'object' } },
    });
    crd.spec.conversion = {
      strategy: 'Webhook',
      webhook: { clientConfig: { url: 'https://x' }, conversionReviewVersions: ['v1'] },
    };
    const spec = toInternalSpec(crd);
    assert.equal(spec.validation, undefined);
    assert.deepEqual(spec.versions[1].schema, { openAPIV3Schema: { type: 'object' } });
    assert.deepEqual(spec.conversion, {
      strategy: 'Webhook',
      webhookClientConfig: { url: 'https://x' },
      conversionReviewVersions: ['v1'],
    });
  });

  it('compares as Semantic.DeepEqual does', () => {
    assert.equal(semanticEqual({ a: [], b: false }, {}), true);
    assert.equal(semanticEqual({ status: {} }, {}), false);
    assert.equal(semanticEqual([1, { x: '' }], [1, {}]), true);
  });
});

describe('v1 defaults and the strategy', () => {
  it('defaults names, conversion, service port and storedVersions', () => {
    const crd = crontabCRD();
    crd.spec.names = { plural: 'crontabs', kind: 'CronTab' };
    defaultCustomResourceDefinition(crd);
    assert.deepEqual(crd.spec.names, {
      plural: 'crontabs',
      kind: 'CronTab',
      singular: 'crontab',
      listKind: 'CronTabList',
    });
    assert.deepEqual(crd.spec.conversion, { strategy: 'None' });
    assert.deepEqual(crd.status, { storedVersions: ['v1'] });
    const hook = crontabCRD();
    hook.spec.conversion = {
      strategy: 'Webhook',
      webhook: { clientConfig: { service: { name: 's', namespace: 'n' } } },
    };
    defaultCustomResourceDefinition(hook);
    assert.equal(hook.spec.conversion!.webhook!.clientConfig!.service!.port, 443);
  });

  it('prepares creates and updates', () => {
    const crd = crontabCRD();
    crd.status = { conditions: [{ type: 'Established', status: 'True' }] };
    prepareCustomResourceDefinitionForCreate(crd);
    assert.deepEqual(crd.status, { storedVersions: ['v1'] });
    assert.equal(crd.metadata!.generation, 1);
    const next = structuredClone(crd);
    next.spec.versions.push({ name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: crontabSchema() } });
    next.spec.versions[0].storage = false;
    next.status = {};
    prepareCustomResourceDefinitionForUpdate(next, crd);
    assert.deepEqual(next.status, { storedVersions: ['v1', 'v2'] });
    assert.equal(next.metadata!.generation, 2);
    const same = structuredClone(crd);
    prepareCustomResourceDefinitionForUpdate(same, crd);
    assert.equal(same.metadata!.generation, 1);
  });
});
