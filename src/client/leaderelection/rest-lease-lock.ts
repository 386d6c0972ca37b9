/**
 * A {@link LeaseLock} on the API: the coordination.k8s.io/v1 Lease `namespace/name`, read and
 * written through the REST client with the Lease's resourceVersion guarding every update.
 */
import { isNotFound } from '../../machinery/errors.js';
import type { RestClient } from '../rest/index.js';
import { ResourceClient } from '../rest/index.js';
import type { Lease, LeaseLock } from './lease-lock.js';

const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true };

export function restLeaseLock(client: RestClient, namespace: string, name: string): LeaseLock {
  const leases = new ResourceClient<Lease>(client, LEASES);
  return {
    namespace,
    name,
    async get(signal) {
      try {
        return await leases.get(name, { namespace, signal });
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    create: (lease, signal) =>
      leases.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...lease }, { namespace, signal }),
    update: (lease, signal) =>
      leases.update({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...lease }, { namespace, signal }),
  };
}
