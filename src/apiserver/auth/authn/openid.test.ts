import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { importJWK, jwtVerify } from 'jose';
import { jwks, openIDConfiguration } from './openid.js';
import { issueToken } from './service-account-token.js';
import { keyIDFromPublicKey } from './keys.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const issuer = 'https://kubernetes.default.svc.cluster.local';

test('openIDConfiguration is the document upstream serves', () => {
  const doc = openIDConfiguration(issuer, 'https://10.0.0.1:6443/openid/v1/jwks', [rsa.publicKey, ec.privateKey]);
  assert.equal(
    JSON.stringify(doc),
    JSON.stringify({
      issuer,
      jwks_uri: 'https://10.0.0.1:6443/openid/v1/jwks',
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES384', 'RS256'],
    }),
  );
  assert.throws(() => openIDConfiguration('http://x', 'https://x/jwks'), {
    message: 'issuer URL must use https scheme, got: http://x',
  });
  assert.throws(() => openIDConfiguration('https://x?a=b', 'https://x/jwks'), {
    message: 'issuer URL may not include a query, got: https://x?a=b',
  });
});

test('jwks lists public keys only, with upstream key ids, and verifies issued tokens', async () => {
  const set = jwks([rsa.privateKey, ec.publicKey]);
  assert.deepEqual(Object.keys(set.keys[0]), ['use', 'kty', 'kid', 'alg', 'n', 'e']);
  assert.deepEqual(Object.keys(set.keys[1]), ['use', 'kty', 'kid', 'crv', 'alg', 'x', 'y']);
  assert.equal(set.keys[0].kid, keyIDFromPublicKey(rsa.publicKey));
  assert.equal(set.keys[1].crv, 'P-384');
  assert.ok(!('d' in set.keys[0]), 'no private member');
  const { token } = await issueToken({
    issuer,
    namespace: 'default',
    serviceAccount: { name: 'default', uid: 'u' },
    signingKey: rsa.privateKey,
  });
  const { payload } = await jwtVerify(token, await importJWK(set.keys[0]), { issuer, audience: issuer });
  assert.equal(payload.sub, 'system:serviceaccount:default:default');
});
