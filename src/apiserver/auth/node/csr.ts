/**
 * The CommonName of a CertificateSigningRequest's `spec.request` (upstream's
 * `certificates.ParseCSR`: the first PEM block must be a `CERTIFICATE REQUEST`).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/** The subject CommonName of the PEM CSR (base64 in JSON, or raw bytes); throws on an unparsable one. */
export function csrCommonName(request: string | Uint8Array): string {
  const bytes = typeof request === 'string' ? Buffer.from(request, 'base64') : Buffer.from(request);
  const m = /-----BEGIN ([^\r\n]*?)-----\r?\n([\s\S]*?)-----END \1-----/.exec(bytes.toString('latin1'));
  if (!m || m[1] !== 'CERTIFICATE REQUEST') throw new Error('PEM block type must be CERTIFICATE REQUEST');
  const der = Buffer.from(m[2].replace(/\s+/g, ''), 'base64');
  const csr = new x509.Pkcs10CertificateRequest(der);
  const cns = csr.subjectName.getField('CN');
  // Go's pkix.Name keeps the last CommonName attribute.
  return cns.length ? cns[cns.length - 1] : '';
}
