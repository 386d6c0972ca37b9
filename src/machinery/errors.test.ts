import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, errors, toStatus } from './errors.js';
import { fieldErrors } from './field-errors.js';

describe('errors', () => {
  it('words NotFound, AlreadyExists and Conflict as upstream, with the resource in details', () => {
    assert.deepEqual(errors.notFound({ group: 'apps', name: 'deployments' }, 'web').toStatus(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "web" not found',
      reason: 'NotFound',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
      code: 404,
    });
    assert.equal(errors.alreadyExists({ group: '', name: 'pods' }, 'p').message, 'pods "p" already exists');
    assert.equal(
      errors.modified({ group: '', name: 'configmaps' }, 'c').message,
      'Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('words Invalid with each field cause, aggregating several in brackets', () => {
    const one = errors.invalid({ group: '', name: 'Pod' }, 'p', [fieldErrors.required('spec.containers[0].image')]);
    assert.equal(one.message, 'Pod "p" is invalid: spec.containers[0].image: Required value');
    assert.equal(one.code, 422);
    const two = errors.invalid({ group: 'apps', name: 'Deployment' }, 'Web', [
      fieldErrors.invalid(
        'metadata.name',
        'Web',
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'",
      ),
      fieldErrors.notSupported('spec.strategy.type', 'Fast', ['Recreate', 'RollingUpdate']),
    ]);
    assert.equal(
      two.message,
      'Deployment.apps "Web" is invalid: [metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', spec.strategy.type: Unsupported value: "Fast": supported values: "Recreate", "RollingUpdate"]',
    );
    assert.deepEqual(two.details?.causes?.[1], {
      reason: 'FieldValueNotSupported',
      message: 'Unsupported value: "Fast": supported values: "Recreate", "RollingUpdate"',
      field: 'spec.strategy.type',
    });
  });

  it('turns anything else into a 500 InternalError', () => {
    const s = toStatus(new Error('boom'));
    assert.equal(s.code, 500);
    assert.equal(s.reason, 'InternalError');
    assert.equal(s.message, 'Internal error occurred: boom');
    assert.ok(errors.badRequest('x') instanceof ApiError);
  });
});
