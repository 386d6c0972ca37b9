import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { issueLegacyToken, issueToken } from './service-account-token.js';
import { validateToken, VerifiedTokens, type Lookup, type LookedUpObject } from './service-account-validate.js';
import { keyIDFromPublicKey } from './keys.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const issuer = 'https://kubernetes.default.svc.cluster.local';
const now = new Date('2025-01-01T00:00:00Z');
const sa = { name: 'builder', uid: 'sa-uid-1' };
const pod = { kind: 'Pod' as const, name: 'web-0', uid: 'pod-uid-1' };
const validateOpts = { issuers: [issuer], audiences: [issuer], keys: [rsa.publicKey], now };

function store(objects: Record<string, LookedUpObject>): Lookup {
  return (kind, ns, name) => objects[`${kind}/${ns}/${name}`];
}
const liveObjects = () => ({
  'ServiceAccount/ci/builder': { metadata: { uid: 'sa-uid-1' } },
  'Pod/ci/web-0': { metadata: { uid: 'pod-uid-1' } } as LookedUpObject,
});

test('issueToken writes upstream claims and header; validateToken returns the service-account user', async () => {
  const { token, expirationTimestamp } = await issueToken({
    issuer,
    namespace: 'ci',
    serviceAccount: sa,
    boundObject: pod,
    node: { name: 'worker-1', uid: 'node-uid-1' },
    signingKey: rsa.privateKey,
    now,
    jti: 'jti-1',
  });
  assert.deepEqual(decodeProtectedHeader(token), { alg: 'RS256', kid: keyIDFromPublicKey(rsa.publicKey) });
  const t = now.getTime() / 1000;
  assert.deepEqual(decodeJwt(token), {
    aud: [issuer],
    exp: t + 3600,
    iat: t,
    iss: issuer,
    jti: 'jti-1',
    'kubernetes.io': {
      namespace: 'ci',
      node: { name: 'worker-1', uid: 'node-uid-1' },
      pod: { name: 'web-0', uid: 'pod-uid-1' },
      serviceaccount: { name: 'builder', uid: 'sa-uid-1' },
    },
    nbf: t,
    sub: 'system:serviceaccount:ci:builder',
  });
  assert.equal(expirationTimestamp.toISOString(), '2025-01-01T01:00:00.000Z');

  const result = await validateToken(token, { ...validateOpts, lookup: store(liveObjects()) });
  assert.ok(result && 'user' in result, JSON.stringify(result));
  assert.deepEqual(result.user, {
    name: 'system:serviceaccount:ci:builder',
    uid: 'sa-uid-1',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:ci'],
    extra: {
      'authentication.kubernetes.io/pod-name': ['web-0'],
      'authentication.kubernetes.io/pod-uid': ['pod-uid-1'],
      'authentication.kubernetes.io/credential-id': ['JTI=jti-1'],
      'authentication.kubernetes.io/node-name': ['worker-1'],
      'authentication.kubernetes.io/node-uid': ['node-uid-1'],
    },
  });
  assert.deepEqual(result.audiences, [issuer]);
});

test('the key id is base64url SHA-256 of the DER public key', () => {
  const der = rsa.publicKey.export({ type: 'spki', format: 'der' });
  const expected = createHash('sha256')
    .update(der)
    .digest('base64')
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  assert.equal(keyIDFromPublicKey(rsa.privateKey), expected);
});

test('expiration: under 10 minutes refused, over the max shortened, 3607s pod tokens extended with warnafter', async () => {
  const base = { issuer, namespace: 'ci', serviceAccount: sa, signingKey: rsa.privateKey, now };
  await assert.rejects(issueToken({ ...base, expirationSeconds: 599 }), {
    message: 'spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
  });
  const capped = await issueToken({ ...base, expirationSeconds: 7200, maxExpirationSeconds: 3600 });
  assert.equal(capped.expirationSeconds, 3600);
  assert.deepEqual(capped.warnings, ['requested expiration of 7200 seconds shortened to 3600 seconds']);
  const t = now.getTime() / 1000;
  const extended = await issueToken({ ...base, boundObject: pod, expirationSeconds: 3607, extendExpiration: true });
  const claims = decodeJwt(extended.token);
  assert.equal(claims.exp, t + 365 * 24 * 3600);
  assert.equal((claims['kubernetes.io'] as { warnafter: number }).warnafter, t + 3607);
  assert.equal(extended.expirationTimestamp.getTime() / 1000, t + 3607);
  // Not pod-bound, or for a foreign audience: no extension.
  const secretBound = await issueToken({ ...base, expirationSeconds: 3607, extendExpiration: true });
  assert.equal(decodeJwt(secretBound.token).exp, t + 3607);
  const foreign = await issueToken({
    ...base,
    boundObject: pod,
    audiences: ['vault'],
    expirationSeconds: 3607,
    extendExpiration: true,
  });
  assert.equal(decodeJwt(foreign.token).exp, t + 3607);

  // After warnafter the token still works but is flagged stale for audit.
  const later = new Date(now.getTime() + 4000_000);
  const r = await validateToken(extended.token, { ...validateOpts, now: later, lookup: store(liveObjects()) });
  assert.ok(r && 'user' in r);
  assert.equal(
    r.auditAnnotations['authentication.k8s.io/stale-token'],
    'subject: system:serviceaccount:ci:builder, seconds after warning threshold: 393',
  );
});

test('expired, not-yet-valid, tampered, wrong-key and wrong-audience tokens are refused', async () => {
  const { token } = await issueToken({ issuer, namespace: 'ci', serviceAccount: sa, signingKey: rsa.privateKey, now });
  const at = (ms: number) => ({ ...validateOpts, now: new Date(now.getTime() + ms) });
  assert.ok(await validateToken(token, at(3600_000 + 59_000)).then((r) => r && 'user' in r), 'within leeway');
  assert.deepEqual(await validateToken(token, at(3600_000 + 61_000)), { error: 'service account token has expired' });
  assert.deepEqual(await validateToken(token, at(-61_000)), { error: 'service account token is not valid yet' });

  const [h, p, s] = token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  claims['kubernetes.io'].serviceaccount.name = 'admin';
  const tampered = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), s].join('.');
  assert.deepEqual(await validateToken(tampered, validateOpts), {
    error: 'square/go-jose: error in cryptographic primitive',
  });
  assert.deepEqual(await validateToken(token, { ...validateOpts, keys: [other.publicKey] }), {
    error: 'invalid signature, no keys found',
  });

  const vault = await issueToken({
    issuer,
    audiences: ['vault'],
    namespace: 'ci',
    serviceAccount: sa,
    signingKey: rsa.privateKey,
    now,
  });
  assert.deepEqual(await validateToken(vault.token, validateOpts), {
    error: `token audiences ["vault"] is invalid for the target audiences ["${issuer}"]`,
  });
});

test('tokens from another issuer, or not JWTs at all, are left to other authenticators', async () => {
  const { token } = await issueToken({
    issuer: 'https://evil.example',
    namespace: 'ci',
    serviceAccount: sa,
    signingKey: rsa.privateKey,
    now,
  });
  assert.equal(await validateToken(token, validateOpts), undefined);
  assert.equal(await validateToken('abc123', validateOpts), undefined);
});

/** A token of `sa` in namespace ci, bound to `pod`. */
const podToken = async () =>
  (await issueToken({ issuer, namespace: 'ci', serviceAccount: sa, boundObject: pod, signingKey: rsa.privateKey, now }))
    .token;

test('lookup: deleted or replaced pod and service account invalidate the token', async () => {
  const token = await podToken();
  const objects = liveObjects();
  delete (objects as Record<string, unknown>)['Pod/ci/web-0'];
  assert.deepEqual(await validateToken(token, { ...validateOpts, lookup: store(objects) }), {
    error: 'service account token has been invalidated',
  });
  const recreated = { ...liveObjects(), 'Pod/ci/web-0': { metadata: { uid: 'pod-uid-2' } } };
  assert.deepEqual(await validateToken(token, { ...validateOpts, lookup: store(recreated) }), {
    error: 'pod UID (pod-uid-2) does not match service account pod ref claim (pod-uid-1)',
  });
  const deleting = {
    ...liveObjects(),
    'Pod/ci/web-0': { metadata: { uid: 'pod-uid-1', deletionTimestamp: '2024-12-31T23:58:00Z' } },
  };
  assert.deepEqual(await validateToken(token, { ...validateOpts, lookup: store(deleting) }), {
    error: 'service account token has been invalidated',
  });
  const justDeleting = {
    ...liveObjects(),
    'Pod/ci/web-0': { metadata: { uid: 'pod-uid-1', deletionTimestamp: '2024-12-31T23:59:30Z' } },
  };
  assert.ok(await validateToken(token, { ...validateOpts, lookup: store(justDeleting) }).then((r) => r && 'user' in r));
  assert.deepEqual(await validateToken(token, { ...validateOpts, lookup: store({}) }), {
    error: 'serviceaccounts "builder" not found',
  });
  const newSA = { ...liveObjects(), 'ServiceAccount/ci/builder': { metadata: { uid: 'sa-uid-9' } } };
  assert.deepEqual(await validateToken(token, { ...validateOpts, lookup: store(newSA) }), {
    error: 'service account UID (sa-uid-9) does not match claim (sa-uid-1)',
  });
});

test('node-bound tokens check the node; EC keys sign ES256', async () => {
  const { token } = await issueToken({
    issuer,
    namespace: 'ci',
    serviceAccount: sa,
    boundObject: { kind: 'Node', name: 'worker-1', uid: 'n1' },
    signingKey: ec.privateKey,
    now,
  });
  assert.equal(decodeProtectedHeader(token).alg, 'ES256');
  const opts = { ...validateOpts, keys: [rsa.publicKey, ec.publicKey] };
  const ok = await validateToken(token, {
    ...opts,
    lookup: store({ ...liveObjects(), 'Node//worker-1': { metadata: { uid: 'n1' } } }),
  });
  assert.ok(ok && 'user' in ok);
  assert.deepEqual(ok.user.extra?.['authentication.kubernetes.io/node-name'], ['worker-1']);
  assert.deepEqual(await validateToken(token, { ...opts, lookup: store(liveObjects()) }), {
    error: 'service account token has been invalidated',
  });
});

test('legacy secret-based tokens validate against their Secret and ServiceAccount', async () => {
  const token = await issueLegacyToken({
    namespace: 'ci',
    serviceAccount: sa,
    secretName: 'builder-token',
    signingKey: rsa.privateKey,
  });
  const secret = { metadata: { uid: 's1' }, data: { token: Buffer.from(token).toString('base64') } };
  const objects = { ...liveObjects(), 'Secret/ci/builder-token': secret };
  const ok = await validateToken(token, { ...validateOpts, lookup: store(objects) });
  assert.ok(ok && 'user' in ok);
  assert.deepEqual(ok.user, {
    name: 'system:serviceaccount:ci:builder',
    uid: 'sa-uid-1',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:ci'],
  });
  assert.equal(ok.auditAnnotations['authentication.k8s.io/legacy-token'], 'system:serviceaccount:ci:builder');
  assert.equal(ok.auditAnnotations['authentication.k8s.io/legacy-token-manual-secret'], 'builder-token');

  const rotated = { ...objects, 'Secret/ci/builder-token': { ...secret, data: { token: 'b3RoZXI=' } } };
  assert.deepEqual(await validateToken(token, { ...validateOpts, lookup: store(rotated) }), {
    error: "Token does not match server's copy",
  });
  assert.deepEqual(await validateToken(token, { ...validateOpts, lookup: store(liveObjects()) }), {
    error: 'Token has been invalidated',
  });
  assert.equal(await validateToken(token, { ...validateOpts, legacy: false }), undefined);
});

test('a verified signature is remembered for 10 s; the claims and bound objects are still checked each time', async () => {
  let clock = 1_000_000;
  const verified = new VerifiedTokens(10_000, 100, () => clock);
  const token = await podToken();
  const opts = { ...validateOpts, verified, lookup: store(liveObjects()) };
  assert.ok(await validateToken(token, opts).then((r) => r && 'user' in r));
  // Without the key only the remembered signature lets it through; the pod is still looked up.
  const keyless = { ...opts, keys: [] };
  assert.ok(await validateToken(token, keyless).then((r) => r && 'user' in r));
  assert.deepEqual(await validateToken(token, { ...keyless, lookup: store({}) }), {
    error: 'serviceaccounts "builder" not found',
  });
  clock += 10_001;
  assert.deepEqual(await validateToken(token, keyless), { error: 'invalid signature, no keys found' });
  const tampered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  assert.ok(await validateToken(tampered, opts).then((r) => r && 'error' in r));
  assert.equal(verified.get(tampered), undefined, 'a failure is not remembered');
});
