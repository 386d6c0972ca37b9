/**
 * Upstream's `RepackSubsets` and `SortSubsets` (pkg/api/v1/endpoints): the canonical layout of an
 * Endpoints object's subsets, so that the same addresses and ports always serialize the same way
 * and the controller can tell "no change" by comparing.
 *
 * Upstream orders ports and subsets by an md5 of Go's spew dump; we order them by a canonical JSON
 * form instead — as stable, though not the same order upstream's bytes would give.
 */
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1.js';

/** JSON with object keys sorted and undefined dropped: a stable identity for API values. */
export function canonicalJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJSON(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Upstream's `LessEndpointAddress`: by IP, then by target UID (no target first). */
export function compareEndpointAddress(a: EndpointAddress, b: EndpointAddress): number {
  const byIP = cmp(a.ip, b.ip);
  if (byIP !== 0) return byIP;
  if (!a.targetRef && !b.targetRef) return 0;
  if (!a.targetRef) return -1;
  if (!b.targetRef) return 1;
  return cmp(a.targetRef.uid ?? '', b.targetRef.uid ?? '');
}

/** Sorts each subset's addresses and ports, then the subsets; returns the (same) array. */
export function sortSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  for (const s of subsets) {
    s.addresses?.sort(compareEndpointAddress);
    s.notReadyAddresses?.sort(compareEndpointAddress);
    s.ports?.sort((a, b) => cmp(canonicalJSON(a), canonicalJSON(b)));
  }
  return subsets.sort((a, b) => cmp(canonicalJSON(a), canonicalJSON(b)));
}

/** The sentinel port for subsets without ports (upstream keeps their addresses, e.g. headless). */
const NO_PORT = '\0none';

/**
 * Upstream's `RepackSubsets`: expands the subsets to (address, port) pairs — an address being
 * identified by IP and target UID, the first occurrence's fields kept, not-ready winning over
 * ready for the same port — then groups addresses offering the same ports back into subsets, and
 * sorts. Returns new objects; the input is not modified.
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const allAddrs = new Map<string, EndpointAddress>();
  const byPort = new Map<string, { port?: EndpointPort; addrs: Map<EndpointAddress, boolean> }>();
  const add = (addr: EndpointAddress, portKey: string, port: EndpointPort | undefined, ready: boolean) => {
    const key = JSON.stringify([addr.ip, addr.targetRef?.uid ?? '']);
    let existing = allAddrs.get(key);
    if (!existing) allAddrs.set(key, (existing = structuredClone(addr)));
    let entry = byPort.get(portKey);
    if (!entry) byPort.set(portKey, (entry = { port, addrs: new Map() }));
    // Not ready trumps ready.
    if (entry.addrs.get(existing) !== false) entry.addrs.set(existing, ready);
  };
  for (const s of subsets) {
    const ports: (EndpointPort | undefined)[] = s.ports?.length ? s.ports : [undefined];
    for (const port of ports) {
      const portKey = port ? canonicalJSON(port) : NO_PORT;
      for (const a of s.addresses ?? []) add(a, portKey, port, true);
      for (const a of s.notReadyAddresses ?? []) add(a, portKey, port, false);
    }
  }
  // Group the ports by the exact set of (address, readiness) they are offered on.
  const groups = new Map<string, { addrs: Map<EndpointAddress, boolean>; ports: EndpointPort[] }>();
  for (const { port, addrs } of byPort.values()) {
    const members = [...addrs].sort(([a], [b]) => compareEndpointAddress(a, b));
    const key = canonicalJSON(members.map(([a, ready]) => [a, ready]));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { addrs, ports: [] }));
    if (port) g.ports.push(structuredClone(port));
  }
  const out: EndpointSubset[] = [];
  for (const { addrs, ports } of groups.values()) {
    const s: EndpointSubset = {};
    const ready = [...addrs].filter(([, r]) => r).map(([a]) => a);
    const notReady = [...addrs].filter(([, r]) => !r).map(([a]) => a);
    if (ready.length) s.addresses = ready;
    if (notReady.length) s.notReadyAddresses = notReady;
    if (ports.length) s.ports = ports;
    out.push(s);
  }
  return sortSubsets(out);
}
