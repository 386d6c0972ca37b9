import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from '../defaults/index.js';
import { validate } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const check = (group: string, resource: string, o: Any) => {
  applyDefaults(group, resource, o);
  return validate(group, resource, o).map(String);
};

describe('certificate signing requests', () => {
  it('checks certificate signing requests', () => {
    const pem = Buffer.from('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n').toString(
      'base64',
    );
    const csr = {
      metadata: { name: 'c' },
      spec: { request: pem, usages: ['client auth'], signerName: 'kubernetes.io/kube-apiserver-client' },
    };
    assert.deepEqual(check('certificates.k8s.io', 'certificatesigningrequests', csr), []);
    assert.deepEqual(
      check('certificates.k8s.io', 'certificatesigningrequests', {
        ...csr,
        spec: { ...csr.spec, signerName: 'example' },
      }),
      [
        'spec.signerName: Invalid value: "example": must be a fully qualified domain and path of the form \'example.com/signer-name\'',
      ],
    );
  });
});
