import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy, PolicyLoadError } from './policy.js';

const fails = (text: string, message: string) =>
  assert.throws(
    () => parsePolicy(text),
    (e: unknown) => e instanceof PolicyLoadError && e.message === message,
    message,
  );

test('parsePolicy reads a YAML policy with every rule field', () => {
  const p = parsePolicy(`
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
omitManagedFields: true
rules:
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
    resources:
      - group: ""
        resources: ["endpoints", "services", "pods/log"]
        resourceNames: ["a"]
  - level: Metadata
    userGroups: ["system:authenticated"]
    namespaces: ["kube-system", ""]
    omitStages: [Panic]
    omitManagedFields: false
  - level: Request
    nonResourceURLs: ["/healthz*", "/version"]
  - level: RequestResponse
`);
  assert.equal(p.rules.length, 4);
  assert.deepEqual(p.omitStages, ['RequestReceived']);
  assert.equal(p.omitManagedFields, true);
  assert.deepEqual(p.rules[0].resources, [
    { group: '', resources: ['endpoints', 'services', 'pods/log'], resourceNames: ['a'] },
  ]);
  assert.deepEqual(p.rules[1].namespaces, ['kube-system', '']);
  assert.equal(p.rules[1].omitManagedFields, false);
  assert.deepEqual(p.rules[2].nonResourceURLs, ['/healthz*', '/version']);
  assert.equal(p.rules[3].level, 'RequestResponse');
});

test('parsePolicy reads JSON too', () => {
  const p = parsePolicy('{"apiVersion":"audit.k8s.io/v1","kind":"Policy","rules":[{"level":"Metadata"}]}');
  assert.deepEqual(p.rules, [{ level: 'Metadata' }]);
});

test('parsePolicy refuses unknown group/version/kind with the scheme error', () => {
  fails(
    'apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules: [{level: Metadata}]',
    'failed decoding: no kind "Policy" is registered for version "audit.k8s.io/v1beta1" in scheme "pkg/audit/scheme.go:31"',
  );
  fails(
    'apiVersion: audit.k8s.io/v1\nkind: Pollicy\nrules: [{level: Metadata}]',
    'failed decoding: no kind "Pollicy" is registered for version "audit.k8s.io/v1" in scheme "pkg/audit/scheme.go:31"',
  );
  fails(
    'apiVersion: v1\nkind: Policy\nrules: [{level: Metadata}]',
    'failed decoding: no kind "Policy" is registered for version "v1" in scheme "pkg/audit/scheme.go:31"',
  );
  fails('rules: [{level: Metadata}]', 'unknown group version field audit.k8s.io/__internal, Kind=Policy in policy');
  fails(
    'kind: Policy\nrules: [{level: Metadata}]',
    'unknown group version field audit.k8s.io/__internal, Kind=Policy in policy',
  );
  fails('', 'unknown group version field audit.k8s.io/__internal, Kind=Policy in policy');
  fails('apiVersion: a/b/c\nkind: Policy', 'failed decoding: unexpected GroupVersion string: a/b/c');
});

test('parsePolicy: a missing kind is taken as Policy', () => {
  assert.equal(parsePolicy('apiVersion: audit.k8s.io/v1\nrules: [{level: None}]').rules.length, 1);
});

test('parsePolicy refuses a policy without rules', () => {
  fails('apiVersion: audit.k8s.io/v1\nkind: Policy', 'loaded illegal policy with 0 rules');
  fails('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []', 'loaded illegal policy with 0 rules');
});

test('parsePolicy validation messages are upstream’s', () => {
  const head = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';
  fails(head + 'rules: [{verbs: [get]}]', 'rules[0].level: Required value');
  fails(
    head + 'rules: [{level: Everything}]',
    'rules[0].level: Unsupported value: "Everything": supported values: "None", "Metadata", "Request", "RequestResponse"',
  );
  fails(
    head + 'rules: [{level: Metadata, namespaces: [default], nonResourceURLs: ["/logs*"]}]',
    'rules[0].nonResourceURLs: Invalid value: []string{"/logs*"}: rules cannot apply to both regular resources and non-resource URLs',
  );
  fails(
    head + 'rules: [{level: Metadata, resources: [{resources: [secrets]}], nonResourceURLs: ["/a", "/b"]}]',
    'rules[0].nonResourceURLs: Invalid value: []string{"/a", "/b"}: rules cannot apply to both regular resources and non-resource URLs',
  );
  fails(
    head + 'rules: [{level: Metadata, nonResourceURLs: ["logs", "/healthz*"]}]',
    `rules[0].nonResourceURLs[0]: Invalid value: "logs": non-resource URL rules must begin with a '/' character`,
  );
  fails(
    head + 'rules: [{level: Metadata, nonResourceURLs: ["/logs/*/x"]}]',
    `rules[0].nonResourceURLs[0]: Invalid value: "/logs/*/x": non-resource URL wildcards '*' must be the final character of the rule`,
  );
  fails(
    head + 'rules: [{level: Metadata, resources: [{group: "rbac.authorization.k8s.io/v1", resources: [roles]}]}]',
    `rules[0].resources.group: Invalid value: "rbac.authorization.k8s.io/v1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
  );
  fails(
    head + 'rules: [{level: Metadata, resources: [{group: "", resourceNames: [a]}]}]',
    'rules[0].resources.resourceNames: Invalid value: []string{"a"}: using resourceNames requires at least one resource',
  );
  fails(
    head + 'rules: [{level: Metadata, omitStages: [Done]}]',
    'rules[0].omitStages[0]: Invalid value: "Done": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic',
  );
  fails(
    head + 'omitStages: [RequestReceived, Later]\nrules: [{level: Metadata}]',
    'omitStages[1]: Invalid value: "Later": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic',
  );
});

test('parsePolicy aggregates several errors as [a, b]', () => {
  fails(
    'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Metadata}, {}, {level: X}]',
    '[rules[1].level: Required value, rules[2].level: Unsupported value: "X": supported values: "None", "Metadata", "Request", "RequestResponse"]',
  );
});

test('parsePolicy reports type mismatches as encoding/json does', () => {
  const head = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';
  fails(
    head + 'rules: everything',
    'failed decoding: json: cannot unmarshal string into Go struct field Policy.rules of type []v1.PolicyRule',
  );
  fails(
    head + 'rules: [{level: 3}]',
    'failed decoding: json: cannot unmarshal number into Go struct field PolicyRule.rules.level of type v1.Level',
  );
  fails(
    head + 'rules: [{level: None, resources: [{group: "", resources: pods}]}]',
    'failed decoding: json: cannot unmarshal string into Go struct field GroupResources.rules.resources.resources of type []string',
  );
});

test('parsePolicy warns about unknown fields and otherwise ignores them', () => {
  const warnings: string[] = [];
  const p = parsePolicy('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, Level: Metadata, foo: 1}]', {
    warn: (m) => warnings.push(m),
  });
  assert.deepEqual(p.rules, [{ level: 'None' }]);
  assert.deepEqual(warnings, [
    'Audit policy contains errors, falling back to lenient decoding: strict decoding error: unknown field "rules[0].Level", unknown field "rules[0].foo"',
  ]);
});

test('parsePolicy reads YAML 1.1 booleans as Go’s yaml does', () => {
  const p = parsePolicy('apiVersion: audit.k8s.io/v1\nkind: Policy\nomitManagedFields: yes\nrules: [{level: None}]');
  assert.equal(p.omitManagedFields, true);
});
