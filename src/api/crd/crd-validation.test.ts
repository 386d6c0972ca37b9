import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crontabCRD, crontabSchema } from './crontab-fixture.js';
import { validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from './crd-validation.js';
import type { CustomResourceDefinition } from './types.js';

const messages = (crd: CustomResourceDefinition) => validateCustomResourceDefinition(crd).map(String);
const v1 = (c: CustomResourceDefinition) => c.spec.versions[0];
const NO_SCHEMA_VERSION = (name: string, storage: boolean) =>
  `apiextensions.CustomResourceDefinitionVersion{Name:"${name}", Served:true, Storage:${storage}, Deprecated:false, ` +
  'DeprecationWarning:(*string)(nil), Schema:(*apiextensions.CustomResourceValidation)(nil), ' +
  'Subresources:(*apiextensions.CustomResourceSubresources)(nil), ' +
  'AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), SelectableFields:[]apiextensions.SelectableField(nil)}';

describe('validateCustomResourceDefinition', () => {
  it('accepts the documentation CronTab CRD', () => {
    assert.deepEqual(messages(crontabCRD()), []);
  });

  it('wants metadata.name to be <plural>.<group>', () => {
    const c = crontabCRD();
    c.metadata = { name: 'crontab.stable.example.com' };
    assert.deepEqual(messages(c), [
      'metadata.name: Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group',
    ]);
  });

  it('wants a group with a dot and a known scope', () => {
    const c = crontabCRD();
    c.spec.group = 'stable';
    c.spec.scope = 'Global';
    c.metadata = { name: 'crontabs.stable' };
    assert.deepEqual(messages(c), [
      'spec.group: Invalid value: "stable": should be a domain with at least one dot',
      'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
    ]);
  });

  it('reports missing group and scope as required', () => {
    const c = crontabCRD();
    c.spec.group = '';
    c.spec.scope = '';
    c.metadata = { name: 'crontabs.' };
    const m = messages(c);
    assert.ok(m.includes('spec.group: Required value'));
    assert.ok(m.includes('spec.scope: Required value'));
  });

  it('checks names as DNS-1035 labels, kinds in mixed case', () => {
    const c = crontabCRD();
    c.spec.names = {
      plural: 'crontabs',
      singular: 'Cron_Tab',
      kind: 'Cron.Tab',
      listKind: 'Cron.Tab',
      shortNames: ['c t'],
      categories: ['All'],
    };
    assert.deepEqual(messages(c), [
      `spec.names.singular: Invalid value: "Cron_Tab": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      `spec.names.kind: Invalid value: "Cron.Tab": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      `spec.names.listKind: Invalid value: "Cron.Tab": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      `spec.names.shortNames[0]: Invalid value: "c t": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      'spec.names.listKind: Invalid value: "Cron.Tab": kind and listKind may not be the same',
      `spec.names.categories[0]: Invalid value: "All": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it('defaults singular and listKind as v1 does, but requires plural and kind', () => {
    const c = crontabCRD();
    c.spec.names = { plural: '', kind: '' };
    c.metadata = { name: '.stable.example.com' };
    const m = messages(c);
    assert.ok(m.includes('spec.names.plural: Required value'));
    assert.ok(m.includes('spec.names.kind: Required value'));
    assert.ok(m.includes('spec.names.singular: Required value'));
    const ok = crontabCRD();
    ok.spec.names = { plural: 'crontabs', kind: 'CronTab' };
    assert.deepEqual(messages(ok), []);
  });

  it('wants exactly one storage version, printing the versions as upstream does', () => {
    const c = crontabCRD();
    v1(c).storage = false;
    assert.deepEqual(messages(c), [
      `spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{${NO_SCHEMA_VERSION('v1', false)}}: must have exactly one version marked as storage version`,
      'status.storedVersions: Invalid value: []string(nil): must have at least one stored version',
    ]);
  });

  it('wants unique DNS-1035 version names', () => {
    const c = crontabCRD();
    c.spec.versions.push({ ...structuredClone(v1(c)), storage: false });
    c.spec.versions.push({ ...structuredClone(v1(c)), name: 'V2', storage: false });
    const m = messages(c);
    assert.ok(
      m.some(
        (x) =>
          x.startsWith('spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{') &&
          x.endsWith(': must contain unique version names'),
      ),
    );
    assert.ok(m.some((x) => x.startsWith('spec.versions[2].name: Invalid value: "V2": a DNS-1035 label must consist')));
  });

  it('reports the first version name also as spec.version, as the internal type carries it', () => {
    const c = crontabCRD();
    v1(c).name = 'V1';
    const m = messages(c);
    assert.ok(m.some((x) => x.startsWith('spec.versions[0].name: Invalid value: "V1": a DNS-1035 label')));
    assert.ok(m.some((x) => x.startsWith('spec.version: Invalid value: "V1": a DNS-1035 label')));
  });

  it('requires a schema in every version', () => {
    const c = crontabCRD();
    delete v1(c).schema;
    assert.deepEqual(messages(c), ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required']);
  });

  it('forbids preserveUnknownFields: true', () => {
    const c = crontabCRD();
    c.spec.preserveUnknownFields = true;
    assert.deepEqual(messages(c), [
      'spec.preserveUnknownFields: Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
    ]);
    const d = crontabCRD();
    d.spec.preserveUnknownFields = true;
    d.spec.versions[0].schema!.openAPIV3Schema!.properties!.spec.properties!.replicas.default = 1;
    assert.ok(
      messages(d).includes(
        'spec.preserveUnknownFields: Invalid value: true: must be false in order to use defaults in the schema',
      ),
    );
  });

  it('checks storedVersions against spec.versions', () => {
    const c = crontabCRD();
    c.status = { storedVersions: ['v1beta1', 'v1'] };
    assert.deepEqual(messages(c), [
      'status.storedVersions[0]: Invalid value: "v1beta1": missing from spec.versions; v1beta1 was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in v1beta1 and removes v1beta1 from status.storedVersions',
    ]);
    const d = crontabCRD();
    d.spec.versions.push({ name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: crontabSchema() } });
    v1(d).storage = false;
    d.spec.versions[1].storage = true;
    d.status = { storedVersions: ['v1'] };
    assert.deepEqual(messages(d), [
      'status.storedVersions: Invalid value: []string{"v1"}: must have the storage version v2',
    ]);
  });

  it('checks accepted names in status', () => {
    const c = crontabCRD();
    c.status = { storedVersions: ['v1'], acceptedNames: { plural: 'Crontabs', kind: 'CronTab' } };
    assert.ok(messages(c)[0].startsWith('status.acceptedNames.plural: Invalid value: "Crontabs": a DNS-1035 label'));
  });

  it('wants API approval for protected groups', () => {
    const c = crontabCRD();
    c.spec.group = 'stable.k8s.io';
    c.metadata = { name: 'crontabs.stable.k8s.io' };
    assert.deepEqual(messages(c), [
      'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
    ]);
    c.metadata.annotations = { 'api-approved.kubernetes.io': 'yes' };
    assert.deepEqual(messages(c), [
      'metadata.annotations[api-approved.kubernetes.io]: Invalid value: "yes": protected groups must have approval annotation "api-approved.kubernetes.io" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111',
    ]);
    c.metadata.annotations = { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/kubernetes/pull/78458' };
    assert.deepEqual(messages(c), []);
  });
});

describe('validateCustomResourceDefinitionUpdate', () => {
  const stored = () => {
    const c = crontabCRD();
    c.metadata = { name: 'crontabs.stable.example.com', resourceVersion: '5', uid: 'u1', generation: 1 };
    c.status = { storedVersions: ['v1'], conditions: [{ type: 'Established', status: 'True' }] };
    return c;
  };
  const update = (mutate: (c: CustomResourceDefinition) => void, old = stored()) => {
    const c = structuredClone(old);
    mutate(c);
    return validateCustomResourceDefinitionUpdate(c, old).map(String);
  };

  it('accepts an unchanged CRD', () => {
    assert.deepEqual(
      update(() => {}),
      [],
    );
  });

  it('keeps group and plural immutable', () => {
    assert.deepEqual(
      update((c) => {
        c.spec.group = 'other.example.com';
        c.spec.names.plural = 'crons';
      }),
      [
        'spec.group: Invalid value: "other.example.com": field is immutable',
        'spec.names.plural: Invalid value: "crons": field is immutable',
      ],
    );
  });

  it('keeps scope and kind immutable once Established', () => {
    const change = (c: CustomResourceDefinition) => {
      c.spec.scope = 'Cluster';
      c.spec.names.kind = 'Cron';
    };
    assert.deepEqual(update(change), [
      'spec.scope: Invalid value: "Cluster": field is immutable',
      'spec.names.kind: Invalid value: "Cron": field is immutable',
    ]);
    const notEstablished = stored();
    notEstablished.status!.conditions = [];
    assert.deepEqual(update(change, notEstablished), []);
  });

  it('refuses dropping a version that is still stored', () => {
    const old = stored();
    old.spec.versions.push({ name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: crontabSchema() } });
    const m = update((c) => {
      c.spec.versions = [{ ...c.spec.versions[1], storage: true }];
      c.status!.storedVersions = ['v1', 'v2'];
    }, old);
    assert.deepEqual(m, [
      'status.storedVersions[0]: Invalid value: "v1": missing from spec.versions; v1 was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in v1 and removes v1 from status.storedVersions',
    ]);
  });

  it('keeps accepting a rule the stored CRD already breaks, but not a new breach', () => {
    const loose = (c: CustomResourceDefinition) => {
      c.spec.versions[0].schema!.openAPIV3Schema!.properties!.spec.properties!.ports = {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['port'],
        items: { type: 'object', properties: { port: { type: 'integer' } } },
      };
    };
    const old = stored();
    loose(old);
    assert.deepEqual(
      update((c) => {
        c.spec.versions[0].schema!.openAPIV3Schema!.description = 'changed';
      }, old),
      [],
    );
    assert.deepEqual(update(loose), [
      'spec.validation.openAPIV3Schema.properties[spec].properties[ports].items.properties[port].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
    ]);
  });

  it('requires structural schemas on update too (v1 never preserves unknown fields)', () => {
    assert.deepEqual(
      update((c) => {
        c.spec.versions[0].schema!.openAPIV3Schema!.properties!.spec.properties!.loose = { description: 'no type' };
      }),
      [
        'spec.validation.openAPIV3Schema.properties[spec].properties[loose].type: Required value: must not be empty for specified object fields',
      ],
    );
  });

  it('checks a new CA bundle once the CRD is Established', () => {
    const webhook = (caBundle: string) => (c: CustomResourceDefinition) => {
      c.spec.conversion = {
        strategy: 'Webhook',
        webhook: { clientConfig: { url: 'https://conv.example.com', caBundle }, conversionReviewVersions: ['v1'] },
      };
    };
    assert.deepEqual(update(webhook(Buffer.from('hi').toString('base64'))), [
      'spec.conversion.webhookClientConfig.caBundle: Invalid value: []byte{0x68, 0x69}: data does not contain any valid RSA or ECDSA certificates',
    ]);
    const notEstablished = stored();
    notEstablished.status!.conditions = [];
    assert.deepEqual(update(webhook(Buffer.from('hi').toString('base64')), notEstablished), []);
    assert.deepEqual(validateCustomResourceDefinition(structuredClone(stored())).map(String), []);
  });

  it('wants a resourceVersion', () => {
    assert.deepEqual(
      update((c) => (c.metadata = { ...c.metadata, resourceVersion: undefined })),
      ['metadata.resourceVersion: Invalid value: "": must be specified for an update'],
    );
  });
});
