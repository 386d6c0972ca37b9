/**
 * The discovery.k8s.io endpointslices table: ADDRESSTYPE, the first three PORTS and ENDPOINTS.
 */
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { ageColumn, column, nameColumn, printer } from './columns.js';
import { DOC } from './descriptions.js';
import { listWithMore, since } from './format.js';

/** discovery.k8s.io/v1 endpointslices; a port without number shows its name, or `*`. */
export const endpointSlicePrinter = printer<EndpointSlice>(
  [
    nameColumn,
    column('AddressType', 'string', DOC['eps.addressType']),
    column('Ports', 'string', DOC['eps.ports']),
    column('Endpoints', 'string', DOC['eps.endpoints']),
    ageColumn,
  ],
  (s, now) => [
    s.metadata?.name ?? '',
    s.addressType ?? '',
    listWithMore((s.ports ?? []).map((p) => (p.port !== undefined && p.port !== null ? `${p.port}` : (p.name ?? '*')))),
    listWithMore((s.endpoints ?? []).flatMap((e) => e.addresses ?? [])),
    since(s.metadata?.creationTimestamp, now),
  ],
);
