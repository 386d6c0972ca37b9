import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareLevels, levelVersionString, parseLevel, parseVersion, versionMinor } from './api.js';
import { goQuote, joinQuote } from './format.js';
import { aggregateFieldErrors, fieldErrorString, policyFromLabels } from './labels.js';

test('parseLevel accepts the three levels and falls back to restricted', () => {
  for (const l of ['privileged', 'baseline', 'restricted']) assert.deepEqual(parseLevel(l), { value: l });
  assert.deepEqual(parseLevel('Restricted'), {
    value: 'restricted',
    error: 'must be one of privileged, baseline, restricted',
  });
});

test('parseVersion accepts latest and v1.N only', () => {
  assert.deepEqual(parseVersion('latest'), { value: 'latest' });
  assert.deepEqual(parseVersion('v1.0'), { value: 'v1.0' });
  assert.deepEqual(parseVersion('v1.32'), { value: 'v1.32' });
  for (const bad of ['v1.05', '1.32', 'v2.1', 'v1.', 'v1.x', 'Latest', '']) {
    assert.deepEqual(parseVersion(bad), { value: 'latest', error: 'must be "latest" or "v1.x"' }, bad);
  }
  assert.equal(versionMinor('v1.25'), 25);
  assert.equal(versionMinor('latest'), Infinity);
});

test('compareLevels orders privileged < baseline < restricted', () => {
  assert.equal(compareLevels('baseline', 'baseline'), 0);
  assert.equal(compareLevels('privileged', 'restricted'), -1);
  assert.equal(compareLevels('restricted', 'baseline'), 1);
  assert.equal(compareLevels('baseline', 'privileged'), 1);
  assert.equal(levelVersionString({ level: 'restricted', version: 'latest' }), 'restricted:latest');
});

test('policyFromLabels defaults to privileged:latest', () => {
  const { policy, errors } = policyFromLabels({});
  assert.deepEqual(errors, []);
  for (const m of ['enforce', 'audit', 'warn'] as const) {
    assert.deepEqual(policy[m], { level: 'privileged', version: 'latest' });
  }
});

test('policyFromLabels reads every mode and version', () => {
  const { policy, errors } = policyFromLabels({
    'pod-security.kubernetes.io/enforce': 'baseline',
    'pod-security.kubernetes.io/enforce-version': 'v1.24',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/warn-version': 'latest',
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(policy, {
    enforce: { level: 'baseline', version: 'v1.24' },
    audit: { level: 'restricted', version: 'latest' },
    warn: { level: 'restricted', version: 'latest' },
  });
});

test('invalid labels: enforce fails closed, audit/warn fail open, errors read as upstream', () => {
  const { policy, errors } = policyFromLabels({
    'pod-security.kubernetes.io/enforce': 'foo',
    'pod-security.kubernetes.io/enforce-version': 'v1.x',
    'pod-security.kubernetes.io/audit': 'bar',
    'pod-security.kubernetes.io/warn-version': '1.2',
  });
  assert.deepEqual(policy.enforce, { level: 'restricted', version: 'latest' });
  assert.equal(policy.audit.level, 'privileged');
  assert.deepEqual(errors.map(fieldErrorString), [
    'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "foo": must be one of privileged, baseline, restricted',
    'metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "v1.x": must be "latest" or "v1.x"',
    'metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: "bar": must be one of privileged, baseline, restricted',
    'metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "1.2": must be "latest" or "v1.x"',
  ]);
  assert.equal(
    aggregateFieldErrors(errors.slice(0, 1)),
    'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "foo": must be one of privileged, baseline, restricted',
  );
  assert.equal(
    aggregateFieldErrors([errors[1], errors[3], errors[1]]),
    '[metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "v1.x": must be "latest" or "v1.x", ' +
      'metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "1.2": must be "latest" or "v1.x"]',
  );
});

test('goQuote and joinQuote format like Go', () => {
  assert.equal(goQuote('a"b\\c\n\x01é'), '"a\\"b\\\\c\\n\\x01é"');
  assert.equal(joinQuote(['a', 'b']), '"a", "b"');
  assert.equal(joinQuote([]), '');
});
