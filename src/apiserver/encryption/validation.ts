/**
 * `ValidateEncryptionConfiguration`, as upstream's
 * `staging/src/k8s.io/apiserver/pkg/apis/apiserver/validation/validation_encryption.go` (same
 * checks, order, paths and messages), plus one k8ts rule: KMS providers are refused.
 */
import { decodeStdBase64 } from './base64.js';
import { forbidden, invalid, required, type FieldError } from './errors.js';
import type { EncryptionConfiguration, Key, ProviderConfiguration } from './types.js';
import { validateResourceNames, validateResourceOverlap } from './validation-resources.js';

export const MORE_THAN_ONE_PROVIDER =
  'more than one provider specified in a single element, should split into different list elements';
export const NO_PROVIDER =
  'provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity';
export const BASE64_SECRET = 'secrets must be base64 encoded';
export const KMS_UNSUPPORTED =
  'kms providers are not supported by k8ts (no KMS plugin client); use aescbc, aesgcm, secretbox or identity';

/** AES-128, -192 and -256. */
export const AES_KEY_SIZES = [16, 24, 32] as const;
/** NaCl secretbox. */
export const SECRETBOX_KEY_SIZES = [32] as const;

const atLeastOne = (what: string) => `at least one ${what} is required`;
const keyLength = (got: number, sizes: readonly number[]) =>
  `secret is not of the expected length, got ${got}, expected one of [${sizes.join(' ')}]`;

/** Every problem with `config`, in upstream's order; empty when it is valid. */
export function validateEncryptionConfiguration(config: EncryptionConfiguration): FieldError[] {
  const root = 'resources';
  if (config.resources.length === 0) return [required(root, atLeastOne(root))];
  const errors: FieldError[] = [];
  config.resources.forEach((rule, i) => {
    const r = `${root}[${i}].resources`;
    const p = `${root}[${i}].providers`;
    if (rule.resources.length === 0) errors.push(required(r, atLeastOne(r)));
    errors.push(...validateResourceOverlap(rule.resources, r));
    errors.push(...validateResourceNames(rule.resources, r));
    if (rule.providers.length === 0) errors.push(required(p, atLeastOne(p)));
    rule.providers.forEach((provider, j) => {
      const at = `${p}[${j}]`;
      errors.push(...validateSingleProvider(provider, at));
      if (provider.kms) errors.push(forbidden(`${at}.kms`, KMS_UNSUPPORTED));
      else if (provider.aesgcm) errors.push(...validateKeys(provider.aesgcm.keys, `${at}.aesgcm.keys`, AES_KEY_SIZES));
      else if (provider.aescbc) errors.push(...validateKeys(provider.aescbc.keys, `${at}.aescbc.keys`, AES_KEY_SIZES));
      else if (provider.secretbox) {
        errors.push(...validateKeys(provider.secretbox.keys, `${at}.secretbox.keys`, SECRETBOX_KEY_SIZES));
      }
    });
  });
  return errors;
}

const MEMBERS = [
  ['AESGCM', 'aesgcm', 'AESConfiguration'],
  ['AESCBC', 'aescbc', 'AESConfiguration'],
  ['Secretbox', 'secretbox', 'SecretboxConfiguration'],
  ['Identity', 'identity', 'IdentityConfiguration'],
  ['KMS', 'kms', 'KMSConfiguration'],
] as const;

/**
 * The provider as Go's `%#v` prints it, except that set pointers show as `(set)` rather than a
 * memory address.
 */
function goProvider(provider: ProviderConfiguration): { goSyntax: string } {
  const fields = MEMBERS.map(
    ([goName, json, type]) => `${goName}:(*apiserver.${type})(${provider[json] ? 'set' : 'nil'})`,
  );
  return { goSyntax: `apiserver.ProviderConfiguration{${fields.join(', ')}}` };
}

function validateSingleProvider(provider: ProviderConfiguration, path: string): FieldError[] {
  const found = MEMBERS.filter(([, json]) => provider[json] !== undefined).length;
  if (found === 0) return [invalid(path, goProvider(provider), NO_PROVIDER)];
  if (found > 1) return [invalid(path, goProvider(provider), MORE_THAN_ONE_PROVIDER)];
  return [];
}

function validateKeys(keys: readonly Key[], path: string, sizes: readonly number[]): FieldError[] {
  if (keys.length === 0) return [required(path, atLeastOne('keys'))];
  return keys.flatMap((key, i) => validateKey(key, `${path}[${i}]`, sizes));
}

function validateKey(key: Key, path: string, sizes: readonly number[]): FieldError[] {
  const errors: FieldError[] = [];
  if (key.name === '') errors.push(required(`${path}.name`, 'name is a mandatory field for a key'));
  if (key.secret === '') {
    errors.push(required(`${path}.secret`, 'secret is a mandatory field for a key'));
    return errors;
  }
  const secret = decodeStdBase64(key.secret);
  if (!secret) {
    errors.push(invalid(`${path}.secret`, 'REDACTED', BASE64_SECRET));
  } else if (!sizes.includes(secret.length)) {
    errors.push(invalid(`${path}.secret`, 'REDACTED', keyLength(secret.length, sizes)));
  }
  return errors;
}
