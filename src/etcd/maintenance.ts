/**
 * The Maintenance and Cluster services: status, hashes, alarms (the backend quota), snapshots,
 * defragmentation, and the member list of this single member.
 */
import { createHash } from 'node:crypto';
import { Errors } from './errors.js';
import type { GrpcCall } from './grpc-server.js';
import type { Msg } from './rpc-client.js';
import type { Store } from './store.js';

/** The etcd API version this member reports. */
export const ETCD_API_VERSION = '3.5.0';

const SNAPSHOT_CHUNK = 32 * 1024;
export const NOSPACE = 'NOSPACE';

export interface MemberInfo {
  name: string;
  peerURLs: string[];
  clientURLs: string[];
}

export class Maintenance {
  constructor(
    private readonly store: Store,
    private readonly member: MemberInfo,
    private readonly header: (rev?: number) => Msg,
  ) {}

  status(): Msg {
    const s = this.store;
    return {
      header: this.header(),
      version: ETCD_API_VERSION,
      dbSize: s.dbSize,
      leader: s.memberId,
      raftIndex: s.raftIndex,
      raftTerm: s.raftTerm,
      raftAppliedIndex: s.raftIndex,
      errors: [...s.alarms].map((a) => `memberID:${s.memberId} alarm:${a} `),
      dbSizeInUse: s.dbSizeInUse,
      isLearner: false,
    };
  }

  /** A hash of the key space at `revision` (0: now), with the compacted revision it covers. */
  hashKV(revision: number): Msg {
    const mvcc = this.store.mvcc;
    const rev = mvcc.checkRevision(revision);
    if (revision > 0 && revision <= mvcc.compactRev) throw Errors.compacted();
    const h = createHash('sha256');
    const n = Buffer.alloc(8);
    mvcc.forEachChange((c) => {
      if (c.rev > rev) return;
      n.writeDoubleBE(c.rev);
      h.update(n)
        .update(c.kv.key)
        .update(c.deleted ? 'd' : 'p')
        .update(c.kv.value);
    });
    return { header: this.header(), hash: h.digest().readUInt32BE(0), compact_revision: mvcc.compactRev || -1 };
  }

  /** A hash of everything stored: the key space and the leases. */
  hash(): Msg {
    const kv = this.hashKV(0).hash as number;
    const leases = createHash('sha256').update(this.store.lessor.ids().sort().join(',')).digest().readUInt32BE(0);
    return { header: this.header(), hash: (kv ^ leases) >>> 0 };
  }

  async alarm(r: Msg): Promise<Msg> {
    const s = this.store;
    const alarm: string = r.alarm ?? 'NONE';
    const mine = (a: string) => ({ memberID: s.memberId, alarm: a });
    switch (r.action ?? 'GET') {
      case 'ACTIVATE':
        if (alarm === 'NONE') return { alarms: [] };
        await s.write((w) => s.setAlarm(w, alarm, true));
        return { alarms: [mine(alarm)] };
      case 'DEACTIVATE': {
        if (!s.alarms.has(alarm)) return { alarms: [] };
        await s.write((w) => s.setAlarm(w, alarm, false));
        return { alarms: [mine(alarm)] };
      }
      default: {
        const all = [...s.alarms].filter((a) => alarm === 'NONE' || a === alarm);
        return { alarms: all.map(mine) };
      }
    }
  }

  /**
   * Refuses a write of `cost` bytes when the NOSPACE alarm is on or the write would take the
   * database past `quota`, raising the alarm in that case (etcd's backend quota). The batches
   * still waiting in the commit log count as the bytes of their records.
   */
  async checkQuota(cost: number, quota: number): Promise<void> {
    const s = this.store;
    if (s.alarms.has(NOSPACE)) throw Errors.noSpace();
    if (s.dbSize + s.backend.unappliedBytes + cost > quota) {
      await s.write((w) => s.setAlarm(w, NOSPACE, true));
      throw Errors.noSpace();
    }
  }

  /**
   * Streams a consistent copy of the database, then its SHA-256 in a message of its own, as etcd
   * does; `remaining_bytes` counts the database bytes still to come.
   */
  async snapshot(call: GrpcCall): Promise<void> {
    const db = await this.store.backend.serialize();
    const messages: Msg[] = [];
    for (let offset = 0; offset < db.length; offset += SNAPSHOT_CHUNK) {
      const blob = db.subarray(offset, offset + SNAPSHOT_CHUNK);
      messages.push({ remaining_bytes: db.length - offset - blob.length, blob });
    }
    messages.push({ remaining_bytes: 0, blob: createHash('sha256').update(db).digest() });
    let i = 0;
    const pump = () => {
      while (i < messages.length) {
        if (!call.write(messages[i++])) return void call.once('drain', pump);
      }
      call.end();
    };
    pump();
  }

  /** Alarm, Defragment and Snapshot answers carry no header, as etcd's do. */
  async defragment(): Promise<Msg> {
    await this.store.defragment();
    return {};
  }

  memberList(): Msg {
    return {
      header: { ...this.header(), revision: 0 },
      members: [{ ID: this.store.memberId, isLearner: false, ...this.member }],
    };
  }
}
