/**
 * ClusterIP and NodePort allocation for Services (upstream's service REST allocators). What is
 * taken is read from the stored Services themselves (through the watch cache), plus what this
 * server handed out and has not yet seen stored, so allocations survive restarts without a
 * separate bitmap and are released when a Service goes.
 */
import { errors } from '../../../machinery/errors.js';
import { fieldErrors, printed, type FieldError } from '../../../machinery/field-errors.js';
import { goStringSlice } from '../../../machinery/validation/messages.js';
import { ipToNumber, ipToString, parseCIDR } from '../../service-ips.js';
import type { KObject } from '../../cacher/types.js';

export interface ServiceRanges {
  clusterIPRange: string;
  nodePortRange: string;
}

const PENDING_MS = 30_000;

export class ServiceAllocator {
  private readonly ips: { base: number; size: number };
  private readonly ports: { min: number; max: number };
  private readonly pendingIPs = new Map<string, number>();
  private readonly pendingPorts = new Map<number, number>();

  constructor(
    readonly ranges: ServiceRanges,
    /** Every stored Service, current as of the watch cache. */
    private readonly services: () => Iterable<KObject>,
  ) {
    this.ips = parseCIDR(ranges.clusterIPRange);
    const [min, max] = ranges.nodePortRange.split('-').map(Number);
    this.ports = { min, max: max ?? min };
  }

  private used(except?: string): { ips: Set<string>; ports: Set<number> } {
    const now = Date.now();
    const ips = new Set<string>();
    const ports = new Set<number>();
    for (const [ip, t] of this.pendingIPs) {
      if (now - t > PENDING_MS) this.pendingIPs.delete(ip);
      else ips.add(ip);
    }
    for (const [p, t] of this.pendingPorts) {
      if (now - t > PENDING_MS) this.pendingPorts.delete(p);
      else ports.add(p);
    }
    for (const svc of this.services()) {
      if (except && svc.metadata?.uid === except) continue;
      for (const ip of svc.spec?.clusterIPs ?? [svc.spec?.clusterIP]) if (ip && ip !== 'None') ips.add(ip);
      for (const p of svc.spec?.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
    }
    return { ips, ports };
  }

  private invalid(svc: KObject, errs: FieldError[]): never {
    throw errors.invalid({ group: '', name: 'Service' }, svc.metadata?.name ?? '', errs);
  }

  /** Gives a new Service its ClusterIP and NodePorts, or checks the ones it asks for. */
  allocate(svc: KObject, old?: KObject): void {
    const spec = (svc.spec ??= {});
    const used = this.used(old?.metadata?.uid);
    const type = spec.type ?? 'ClusterIP';
    if (type === 'ExternalName') {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    } else if (!old) {
      const wanted: string | undefined = spec.clusterIP || spec.clusterIPs?.[0];
      if (wanted === 'None') {
        spec.clusterIPs = ['None'];
      } else if (wanted) {
        this.checkIP(svc, wanted, used.ips);
        spec.clusterIP = wanted;
        spec.clusterIPs = [wanted];
      } else {
        const ip = this.freeIP(used.ips);
        if (!ip) throw errors.internal(new Error(`failed to allocate a serviceIP: range is full`));
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
      }
      if (spec.clusterIP !== 'None') this.pendingIPs.set(spec.clusterIP, Date.now());
    }
    const wantsNodePorts = type === 'NodePort' || type === 'LoadBalancer';
    (spec.ports ?? []).forEach((p: KObject, i: number) => {
      if (!wantsNodePorts) {
        delete p.nodePort;
        return;
      }
      const before = old?.spec?.ports?.find(
        (o: KObject) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'),
      )?.nodePort;
      if (!p.nodePort && before) p.nodePort = before;
      if (p.nodePort) {
        if (p.nodePort !== before) this.checkPort(svc, i, p.nodePort, used.ports);
      } else {
        p.nodePort = this.freePort(used.ports);
        if (!p.nodePort) throw errors.internal(new Error('failed to allocate a nodePort: range is full'));
      }
      used.ports.add(p.nodePort);
      this.pendingPorts.set(p.nodePort, Date.now());
    });
  }

  private checkIP(svc: KObject, ip: string, used: Set<string>): void {
    const field = 'spec.clusterIPs';
    const value = printed(goStringSlice([ip]));
    const n = /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? ipToNumber(ip) : NaN;
    if (Number.isNaN(n) || n < this.ips.base || n >= this.ips.base + this.ips.size) {
      this.invalid(svc, [
        fieldErrors.invalid(
          field,
          value,
          `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.ranges.clusterIPRange}`,
        ),
      ]);
    }
    if (used.has(ip))
      this.invalid(svc, [
        fieldErrors.invalid(field, value, `failed to allocate IP ${ip}: provided IP is already allocated`),
      ]);
  }

  private checkPort(svc: KObject, i: number, port: number, used: Set<number>): void {
    const field = `spec.ports[${i}].nodePort`;
    if (port < this.ports.min || port > this.ports.max) {
      this.invalid(svc, [
        fieldErrors.invalid(
          field,
          port,
          `provided port is not in the valid range. The range of valid ports is ${this.ranges.nodePortRange}`,
        ),
      ]);
    }
    if (used.has(port)) this.invalid(svc, [fieldErrors.invalid(field, port, 'provided port is already allocated')]);
  }

  private freeIP(used: Set<string>): string | undefined {
    // The network and broadcast addresses are never handed out.
    const count = this.ips.size - 2;
    const start = Math.floor(Math.random() * count);
    for (let k = 0; k < count; k++) {
      const ip = ipToString(this.ips.base + 1 + ((start + k) % count));
      if (!used.has(ip)) return ip;
    }
    return undefined;
  }

  private freePort(used: Set<number>): number | undefined {
    const count = this.ports.max - this.ports.min + 1;
    const start = Math.floor(Math.random() * count);
    for (let k = 0; k < count; k++) {
      const p = this.ports.min + ((start + k) % count);
      if (!used.has(p)) return p;
    }
    return undefined;
  }
}
