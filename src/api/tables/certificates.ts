/**
 * Tables for certificates.k8s.io: certificatesigningrequests (CONDITION like `Approved,Issued`) and
 * clustertrustbundles.
 */
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import type { ClusterTrustBundle } from 'kubernetes-types/certificates/v1alpha1.js';
import { ageColumn, column, nameColumn, printer } from './columns.js';
import { DOC } from './descriptions.js';
import { humanDuration } from './duration.js';
import { since } from './format.js';

/** extractCSRStatus: Denied over Approved over Pending, then `,Failed` and `,Issued`. */
export function csrCondition(csr: CertificateSigningRequest): string {
  const types = new Set((csr.status?.conditions ?? []).map((c) => c.type));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if (csr.status?.certificate) status += ',Issued';
  return status;
}

/** certificates.k8s.io/v1 certificatesigningrequests. */
export const certificateSigningRequestPrinter = printer<CertificateSigningRequest>(
  [
    nameColumn,
    ageColumn,
    column('SignerName', 'string', DOC['csr.signerNameV1beta1']),
    column('Requestor', 'string', DOC['csr.requestV1beta1']),
    column('RequestedDuration', 'string', DOC['csr.expirationSeconds']),
    column('Condition', 'string', DOC['csr.conditionsV1beta1']),
  ],
  (csr, now) => {
    const seconds = csr.spec?.expirationSeconds;
    return [
      csr.metadata?.name ?? '',
      since(csr.metadata?.creationTimestamp, now),
      csr.spec?.signerName || '<none>',
      csr.spec?.username ?? '',
      seconds === undefined || seconds === null ? '<none>' : humanDuration(seconds * 1000),
      csrCondition(csr),
    ];
  },
);

/** certificates.k8s.io clustertrustbundles: NAME and SIGNERNAME only. */
export const clusterTrustBundlePrinter = printer<ClusterTrustBundle>(
  [nameColumn, column('SignerName', 'string', DOC['ctb.signerName'])],
  (b) => [b.metadata?.name ?? '', b.spec?.signerName || '<none>'],
);
