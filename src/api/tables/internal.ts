/**
 * Tables for the API server's own kinds: internal.apiserver.k8s.io storageversions,
 * storagemigration.k8s.io storageversionmigrations, and apiregistration.k8s.io apiservices.
 */
import type { StorageVersion } from 'kubernetes-types/apiserverinternal/v1alpha1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { StorageVersionMigration } from 'kubernetes-types/storagemigration/v1alpha1.js';
import { ageColumn, column, nameColumn, printer } from './columns.js';
import { DOC } from './descriptions.js';
import { listWithMore, since } from './format.js';

/** apiregistration.k8s.io/v1 APIService, the fields the table reads. */
export interface APIService {
  metadata?: ObjectMeta;
  spec?: { service?: { namespace?: string; name?: string } | null };
  status?: { conditions?: { type?: string; status?: string; reason?: string }[] };
}

/** internal.apiserver.k8s.io/v1alpha1 storageversions. */
export const storageVersionPrinter = printer<StorageVersion>(
  [
    nameColumn,
    column('CommonEncodingVersion', 'string', DOC['sv.commonEncodingVersion']),
    column('StorageVersions', 'string', DOC['sv.storageVersions']),
    ageColumn,
  ],
  (sv, now) => [
    sv.metadata?.name ?? '',
    sv.status?.commonEncodingVersion ?? '<unset>',
    listWithMore((sv.status?.storageVersions ?? []).map((v) => `${v.apiServerID ?? ''}=${v.encodingVersion ?? ''}`)),
    since(sv.metadata?.creationTimestamp, now),
  ],
);

/** storagemigration.k8s.io/v1alpha1 storageversionmigrations: RESOURCE as `resource.version.group`. */
export const storageVersionMigrationPrinter = printer<StorageVersionMigration>(
  [column('Name', 'string', DOC['meta.name']), column('Resource', 'string', 'Fully qualified resource to migrate')],
  (m) => {
    const r = m.spec?.resource;
    return [m.metadata?.name ?? '', `${r?.resource ?? ''}.${r?.version ?? ''}.${r?.group ?? ''}`];
  },
);

/** apiregistration.k8s.io/v1 apiservices (kube-aggregator's own table): SERVICE and AVAILABLE. */
export const apiServicePrinter = printer<APIService>(
  [
    nameColumn,
    column('Service', 'string', 'The reference to the service that hosts this API endpoint.'),
    column('Available', 'string', 'Whether this service is available.'),
    ageColumn,
  ],
  (s, now) => {
    const svc = s.spec?.service;
    const available = (s.status?.conditions ?? []).find((c) => c.type === 'Available');
    let status = 'Unknown';
    if (available) {
      const st = available.status ?? '';
      status = st !== 'True' && available.reason ? `${st} (${available.reason})` : st;
    }
    return [
      s.metadata?.name ?? '',
      svc ? `${svc.namespace ?? ''}/${svc.name ?? ''}` : 'Local',
      status,
      since(s.metadata?.creationTimestamp, now),
    ];
  },
);
