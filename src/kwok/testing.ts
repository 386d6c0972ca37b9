/**
 * Fakes for kwok's unit tests: a KwokApi that keeps objects in maps and records every call, a
 * silent logger, and a way to let queued async work run.
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, NodeCondition, Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import pino from 'pino';
import { ApiError } from '../machinery/errors.js';
import type { KwokApi } from './api.js';

/** One recorded call: the method and its first argument's name. */
export interface FakeCall {
  method: keyof KwokApi;
  name: string;
}

/** A KwokApi over maps; set `fail` to make the next call of a method throw. */
export class FakeKwokApi implements KwokApi {
  readonly nodes = new Map<string, Node>();
  readonly leases = new Map<string, Lease>();
  readonly podStatuses = new Map<string, PodStatus>();
  readonly deleted: string[] = [];
  readonly calls: FakeCall[] = [];
  readonly fail = new Map<keyof KwokApi, ApiError | Error>();
  private rv = 1;

  private record(method: keyof KwokApi, name: string): void {
    this.calls.push({ method, name });
    const err = this.fail.get(method);
    if (err) {
      this.fail.delete(method);
      throw err;
    }
  }

  /** The calls of `method`, by name. */
  callsOf(method: keyof KwokApi): string[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.name);
  }

  async createNode(node: Node): Promise<Node> {
    const name = node.metadata?.name ?? '';
    this.record('createNode', name);
    if (this.nodes.has(name)) throw new ApiError(409, 'AlreadyExists', `nodes "${name}" already exists`);
    const created = { ...node, metadata: { ...node.metadata, uid: `uid-${name}`, resourceVersion: `${this.rv++}` } };
    this.nodes.set(name, created);
    return created;
  }

  async getNode(name: string): Promise<Node> {
    this.record('getNode', name);
    const n = this.nodes.get(name);
    if (!n) throw new ApiError(404, 'NotFound', `nodes "${name}" not found`);
    return n;
  }

  async patchNodeStatus(name: string, conditions: NodeCondition[]): Promise<Node> {
    this.record('patchNodeStatus', name);
    const n = this.nodes.get(name);
    if (!n) throw new ApiError(404, 'NotFound', `nodes "${name}" not found`);
    const next = { ...n, status: { ...n.status, conditions } };
    this.nodes.set(name, next);
    return next;
  }

  async getLease(name: string): Promise<Lease> {
    this.record('getLease', name);
    const l = this.leases.get(name);
    if (!l) throw new ApiError(404, 'NotFound', `leases.coordination.k8s.io "${name}" not found`);
    return l;
  }

  async createLease(lease: Lease): Promise<Lease> {
    const name = lease.metadata?.name ?? '';
    this.record('createLease', name);
    if (this.leases.has(name)) {
      throw new ApiError(409, 'AlreadyExists', `leases.coordination.k8s.io "${name}" already exists`);
    }
    const created = { ...lease, metadata: { ...lease.metadata, resourceVersion: `${this.rv++}` } };
    this.leases.set(name, created);
    return created;
  }

  async updateLease(lease: Lease): Promise<Lease> {
    const name = lease.metadata?.name ?? '';
    this.record('updateLease', name);
    const cur = this.leases.get(name);
    if (!cur) throw new ApiError(404, 'NotFound', `leases.coordination.k8s.io "${name}" not found`);
    if (cur.metadata?.resourceVersion !== lease.metadata?.resourceVersion) {
      throw new ApiError(409, 'Conflict', 'the object has been modified');
    }
    const next = { ...lease, metadata: { ...lease.metadata, resourceVersion: `${this.rv++}` } };
    this.leases.set(name, next);
    return next;
  }

  async patchPodStatus(namespace: string, name: string, _rv: string | undefined, status: PodStatus): Promise<Pod> {
    this.record('patchPodStatus', `${namespace}/${name}`);
    this.podStatuses.set(`${namespace}/${name}`, status);
    return { metadata: { namespace, name }, status };
  }

  async finishPodDeletion(namespace: string, name: string): Promise<void> {
    this.record('finishPodDeletion', `${namespace}/${name}`);
    this.deleted.push(`${namespace}/${name}`);
  }
}

/** A logger that writes nothing. */
export const silentLog = pino({ level: 'silent' });

/** Lets pending promise callbacks and immediates run (async workers pick up queued keys). */
export async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}
