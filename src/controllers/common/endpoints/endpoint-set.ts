/**
 * Endpoint identity for the slice reconcilers (upstream's `EndpointSet`, `NewPortMapKey`,
 * `EndpointsEqualBeyondHash`): an endpoint is identified by its addresses, hostname and target
 * name, so condition, zone or node changes update it in place instead of moving it.
 */
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1.js';

/** The identity of an endpoint (addresses sorted, hostname, target namespace/name). */
export function endpointHash(ep: Endpoint): string {
  return JSON.stringify([
    [...(ep.addresses ?? [])].sort(),
    ep.hostname ?? '',
    ep.targetRef?.namespace ?? '',
    ep.targetRef?.name ?? '',
  ]);
}

/** A set of endpoints by {@link endpointHash}; iteration (and `popAny`) follows insertion order. */
export class EndpointSet {
  private readonly items = new Map<string, Endpoint>();

  insert(ep: Endpoint): void {
    this.items.set(endpointHash(ep), ep);
  }

  delete(ep: Endpoint): void {
    this.items.delete(endpointHash(ep));
  }

  /** The member with `ep`'s identity. */
  get(ep: Endpoint): Endpoint | undefined {
    return this.items.get(endpointHash(ep));
  }

  /** Removes and returns the oldest member. */
  popAny(): Endpoint | undefined {
    for (const [k, ep] of this.items) {
      this.items.delete(k);
      return ep;
    }
    return undefined;
  }

  get size(): number {
    return this.items.size;
  }

  values(): Endpoint[] {
    return [...this.items.values()];
  }
}

const portJSON = (p: EndpointPort) =>
  JSON.stringify([p.name ?? '', p.port ?? null, p.protocol ?? '', p.appProtocol ?? null]);

/** `ports` in the canonical order slices carry them (upstream sorts them by hash). */
export function sortPorts(ports: readonly EndpointPort[]): EndpointPort[] {
  return [...ports].sort((a, b) => (portJSON(a) < portJSON(b) ? -1 : portJSON(a) > portJSON(b) ? 1 : 0));
}

/** Upstream's `NewPortMapKey`: equal for the same set of ports in any order. */
export function portMapKey(ports: readonly EndpointPort[] | undefined): string {
  return JSON.stringify(sortPorts(ports ?? []).map(portJSON));
}

/** The ports of a slice key prefixed by address type (the mirroring controller's key). */
export function addrTypePortMapKey(ports: readonly EndpointPort[] | undefined, addressType: string): string {
  return `${addressType}-${portMapKey(ports)}`;
}

function sameRef(a: Endpoint['targetRef'], b: Endpoint['targetRef']): boolean {
  if (!a || !b) return !a && !b;
  const keys = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'fieldPath'] as const;
  // resourceVersion is ignored: a pod's unrelated updates must not rewrite its slice.
  return keys.every((k) => (a[k] ?? '') === (b[k] ?? ''));
}

/**
 * Upstream's `EndpointsEqualBeyondHash`: node, zone, the three conditions and the target (but
 * its resourceVersion) are equal.
 */
export function endpointsEqualBeyondHash(a: Endpoint, b: Endpoint): boolean {
  return (
    a.nodeName === b.nodeName &&
    a.zone === b.zone &&
    a.conditions?.ready === b.conditions?.ready &&
    a.conditions?.serving === b.conditions?.serving &&
    a.conditions?.terminating === b.conditions?.terminating &&
    sameRef(a.targetRef, b.targetRef)
  );
}
