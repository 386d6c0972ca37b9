/**
 * certificates.k8s.io/v1 CertificateSigningRequests, as upstream's
 * `ValidateCertificateSigningRequestCreate` checks them. The request must be a PEM
 * `CERTIFICATE REQUEST` block (its signature is not verified here: that needs async WebCrypto).
 */
import { fieldErrors, printed } from '../../machinery/field-errors.js';
import { isDNS1123Label, isDNS1123Subdomain, nameIsDNSSubdomain } from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation/object-meta.js';
import { type Errs, type Obj, int, obj, objectMeta, str, strList } from './util.js';

/** The key usages upstream accepts, sorted as it lists them. */
const USAGES = [
  'any',
  'cert sign',
  'client auth',
  'code signing',
  'content commitment',
  'crl sign',
  'data encipherment',
  'decipher only',
  'digital signature',
  'email protection',
  'encipher only',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'key agreement',
  'key encipherment',
  'microsoft sgc',
  'netscape sgc',
  'ocsp signing',
  's/mime',
  'server auth',
  'signing',
  'timestamping',
];

/** Go's `%#v` of a []byte. */
const goBytes = (b: Buffer | undefined) =>
  b ? `[]byte{${[...b].map((x) => `0x${x.toString(16)}`).join(', ')}}` : '[]byte(nil)';

/** Upstream's `ValidateSignerName`: `example.com/signer-name`. */
export function validateSignerName(name: string, path: string, errs: Errs): void {
  if (!name) return void errs.push(fieldErrors.required(path));
  const segments = name.split('/');
  if (segments.length !== 2) {
    return void errs.push(
      fieldErrors.invalid(
        path,
        name,
        "must be a fully qualified domain and path of the form 'example.com/signer-name'",
      ),
    );
  }
  const [domain, rest] = segments;
  if (domain.length > 253) errs.push(fieldErrors.tooLong(path, '', 253));
  const labels = domain.split('.');
  for (const l of labels) for (const m of isDNS1123Label(l)) errs.push(fieldErrors.invalid(path, domain, m));
  if (labels.length < 2)
    errs.push(fieldErrors.invalid(path, domain, 'should be a domain with at least two segments separated by dots'));
  if (rest.length > 253 + 63 + 1) errs.push(fieldErrors.tooLong(path, '', 253 + 63 + 1));
  for (const m of isDNS1123Subdomain(rest)) errs.push(fieldErrors.invalid(path, rest, m));
}

function pemBlockType(pem: string): string | undefined {
  const m = /-----BEGIN ([^-]+)-----/.exec(pem);
  return m?.[1];
}

/** Upstream's `ValidateCertificateSigningRequestCreate`. */
export function validateCertificateSigningRequest(csr: Obj): Errs {
  const errs: Errs = [];
  errs.push(
    ...validateObjectMeta(objectMeta(csr.metadata, 'metadata', errs), {
      namespaced: false,
      nameValidator: nameIsDNSSubdomain,
    }),
  );
  const spec = obj(csr.spec, 'spec', errs);
  const raw = str(spec.request, 'spec.request', errs);
  const bytes = raw ? Buffer.from(raw, 'base64') : undefined;
  if (pemBlockType(bytes?.toString('utf8') ?? '') !== 'CERTIFICATE REQUEST') {
    errs.push(
      fieldErrors.invalid('spec.request', printed(goBytes(bytes)), 'PEM block type must be CERTIFICATE REQUEST'),
    );
  }
  const usages = strList(spec.usages, 'spec.usages', errs);
  if (usages.length === 0) errs.push(fieldErrors.required('spec.usages'));
  usages.forEach((u, i) => {
    if (!USAGES.includes(u)) errs.push(fieldErrors.notSupported(`spec.usages[${i}]`, u, USAGES));
  });
  const seen = new Set<string>();
  usages.forEach((u, i) => {
    if (seen.has(u)) errs.push(fieldErrors.duplicate(`spec.usages[${i}]`, u));
    seen.add(u);
  });
  const signer = str(spec.signerName, 'spec.signerName', errs);
  if (signer === 'kubernetes.io/legacy-unknown') {
    errs.push(
      fieldErrors.invalid('spec.signerName', signer, 'the legacy signerName is not allowed via this API version'),
    );
  } else validateSignerName(signer, 'spec.signerName', errs);
  const exp = int(spec.expirationSeconds, 'spec.expirationSeconds', errs);
  if (exp !== undefined && exp < 600) {
    errs.push(
      fieldErrors.invalid(
        'spec.expirationSeconds',
        exp,
        'may not specify a duration less than 600 seconds (10 minutes)',
      ),
    );
  }
  return errs;
}

/** Upstream's `ValidateCertificateSigningRequestUpdate` (the strategy keeps spec and status as they were). */
export function validateCertificateSigningRequestUpdate(csr: Obj, old: Obj): Errs {
  return [
    ...validateObjectMetaUpdate(objectMeta(csr.metadata), objectMeta(old.metadata)),
    ...validateCertificateSigningRequest(csr),
  ];
}
