/**
 * `k8ts etcd`: one etcd member speaking the etcd v3 gRPC API (KV, Watch, Lease, Cluster,
 * Maintenance) over the SQLite-backed store. `new EtcdServer(config).start()` binds the client
 * URLs; `stop()` closes everything.
 */
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { dbPath } from './backend.js';
import {
  encodeDeleteRangeResponse,
  encodePutResponse,
  encodeRangeResponse,
  encodeTxnResponse,
  encodeWatchResponse,
} from './codec.js';
import { decodeDeleteRangeRequest, decodePutRequest, decodeRangeRequest, decodeTxnRequest } from './decode.js';
import { compact, startAutoCompaction } from './compactor.js';
import { Errors } from './errors.js';
import { GrpcServer, type GrpcCall } from './grpc-server.js';
import { checkDeleteRange, checkPut, checkRange, checkTxn, deleteRange, isReadOnlyTxn, put, range, txn } from './kv.js';
import { Maintenance } from './maintenance.js';
import {
  serviceDefinition,
  type MethodDefinition,
  type ServiceDefinition,
} from '../machinery/etcd-grpc/proto-types.js';
import type { Msg } from './rpc-client.js';
import { emptyBatch, Store, WriteContext } from './store.js';
import { WatchHub } from './watch.js';

export interface EtcdConfig {
  name: string;
  /** Data directory; null keeps everything in memory. */
  dataDir: string | null;
  listenClientUrls: string[];
  advertiseClientUrls: string[];
  initialAdvertisePeerUrls: string[];
  autoCompactionMode: 'periodic' | 'revision';
  autoCompactionRetention: string;
  quotaBackendBytes: number;
  maxRequestBytes: number;
  maxTxnOps: number;
  certFile?: string;
  keyFile?: string;
  trustedCaFile?: string;
  clientCertAuth: boolean;
  watchProgressNotifyIntervalMs: number;
  /** Called if the disk fails; the member then refuses requests. */
  onFatal?: (err: unknown) => void;
}

export const DEFAULT_QUOTA_BYTES = 2 * 1024 * 1024 * 1024;
/** etcd's grpcOverheadBytes: room on top of --max-request-bytes for gRPC framing. */
const GRPC_OVERHEAD_BYTES = 512 * 1024;

export class EtcdServer {
  readonly store: Store;
  private readonly grpcServer: GrpcServer;
  private readonly watchHub: WatchHub;
  private readonly maintenance: Maintenance;
  private stopCompaction: () => void = () => {};
  private leaseTimer?: NodeJS.Timeout;
  private readonly listeners: Server[] = [];
  /** The URLs bound, with the actual port when 0 was asked for. */
  readonly clientUrls: string[] = [];

  constructor(readonly config: EtcdConfig) {
    this.store = new Store({ dbPath: config.dataDir ? dbPath(config.dataDir) : null, onFatal: config.onFatal });
    this.grpcServer = new GrpcServer(config.maxRequestBytes + GRPC_OVERHEAD_BYTES);
    this.watchHub = new WatchHub(this.store, config.watchProgressNotifyIntervalMs, (rev) => this.header(rev));
    this.maintenance = new Maintenance(
      this.store,
      { name: config.name, peerURLs: config.initialAdvertisePeerUrls, clientURLs: config.advertiseClientUrls },
      (rev) => this.header(rev),
    );
    this.addServices();
  }

  private header(rev = this.store.mvcc.committedRev): Msg {
    return {
      cluster_id: this.store.clusterId,
      member_id: this.store.memberId,
      revision: rev,
      raft_term: this.store.raftTerm,
    };
  }

  private withHeader(res: Msg): Msg {
    res.header = this.header(res.header?.revision);
    return res;
  }

  /** Refuses a write request over --max-request-bytes; returns its size, for the quota. */
  private checkSize(req: Msg): number {
    const size = approxSize(req);
    if (size > this.config.maxRequestBytes) throw Errors.requestTooLarge();
    return size;
  }

  private addServices(): void {
    const s = this.store;
    const m = this.maintenance;
    const cfg = this.config;
    this.grpcServer.addService(withCodecs(serviceDefinition('KV'), KV_CODECS), {
      Range: (r: Msg) => {
        checkRange(r);
        return this.withHeader(range(s.mvcc, r, s.mvcc.committedRev));
      },
      Put: async (r: Msg) => {
        checkPut(r);
        await m.checkQuota(this.checkSize(r), cfg.quotaBackendBytes);
        return this.withHeader((await s.write((w) => put(w, r))).result);
      },
      DeleteRange: async (r: Msg) => {
        checkDeleteRange(r);
        return this.withHeader((await s.write((w) => deleteRange(w, r))).result);
      },
      Txn: async (r: Msg) => {
        checkTxn(r, cfg.maxTxnOps);
        const size = this.checkSize(r);
        if (isReadOnlyTxn(r)) return this.withHeader(txn(new WriteContext(s, emptyBatch(), s.mvcc.committedRev), r));
        if (hasPut(r)) await m.checkQuota(size, cfg.quotaBackendBytes);
        return this.withHeader((await s.write((w) => txn(w, r))).result);
      },
      Compact: async (r: Msg) => {
        await s.write((w) => compact(w, Number(r.revision)));
        return { header: this.header() };
      },
    });
    this.grpcServer.addService(
      withCodecs(serviceDefinition('Watch'), { Watch: { responseSerialize: encodeWatchResponse } }),
      {
        Watch: (call: GrpcCall) => this.watchHub.serve(call),
      },
    );
    this.grpcServer.addService(serviceDefinition('Lease'), {
      LeaseGrant: async (r: Msg) => {
        if (s.alarms.has('NOSPACE')) throw Errors.noSpace();
        const id = r.ID === '0' ? s.lessor.newId() : String(r.ID);
        const { result: ttl } = await s.write((w) => {
          const ttl = s.lessor.checkGrant(id, Number(r.TTL));
          w.grantLease(id, ttl);
          return ttl;
        });
        return { header: this.header(), ID: id, TTL: ttl, error: '' };
      },
      LeaseRevoke: async (r: Msg) => {
        const { rev } = await s.write((w) => w.revokeLease(String(r.ID)));
        return { header: this.header(rev) };
      },
      LeaseKeepAlive: (call: GrpcCall) => {
        call.on('data', (r: Msg) => {
          const id = String(r.ID);
          call.write({ header: this.header(), ID: id, TTL: s.lessor.renew(id) });
        });
        call.on('end', () => call.end());
      },
      LeaseTimeToLive: (r: Msg) => {
        const id = String(r.ID);
        const lease = s.lessor.get(id);
        return {
          header: this.header(),
          ID: id,
          TTL: s.lessor.remaining(id),
          grantedTTL: lease?.ttl ?? 0,
          keys: lease && r.keys ? [...lease.keys].sort().map((k) => Buffer.from(k, 'latin1')) : [],
        };
      },
      LeaseLeases: () => ({ header: this.header(), leases: s.lessor.ids().map((ID) => ({ ID })) }),
    });
    this.grpcServer.addService(serviceDefinition('Cluster'), {
      MemberList: () => m.memberList(),
    });
    this.grpcServer.addService(serviceDefinition('Maintenance'), {
      Status: () => m.status(),
      Hash: () => m.hash(),
      HashKV: (r: Msg) => m.hashKV(Number(r.revision)),
      Alarm: (r: Msg) => m.alarm(r),
      Snapshot: (call: GrpcCall) => m.snapshot(call),
      Defragment: () => m.defragment(),
    });
  }

  /**
   * Binds every client URL; resolves with the URLs actually bound. Connections are accepted
   * here (TLS too) and handed to the gRPC server.
   */
  async start(): Promise<string[]> {
    const accept = (socket: Socket) => {
      socket.setNoDelay(true);
      this.grpcServer.handleConnection(socket);
    };
    for (const raw of this.config.listenClientUrls) {
      const url = new URL(raw);
      const listener =
        url.protocol === 'https:' || url.protocol === 'unixs:' ? this.tlsServer(raw, accept) : createServer(accept);
      this.listeners.push(listener);
      await new Promise<void>((resolve, reject) => {
        listener.once('error', reject);
        const done = () => (listener.off('error', reject), resolve());
        if (url.protocol.startsWith('unix')) listener.listen(url.host + url.pathname, done);
        else listener.listen(Number(url.port || 2379), url.hostname.replace(/^\[|\]$/g, ''), done);
      });
      const port = (listener.address() as AddressInfo | null)?.port;
      this.clientUrls.push(
        url.protocol.startsWith('unix') ? raw : `${url.protocol}//${url.host.replace(/:\d*$/, '')}:${port}`,
      );
    }
    this.stopCompaction = startAutoCompaction(
      this.store,
      this.config.autoCompactionMode,
      this.config.autoCompactionRetention,
    );
    this.leaseTimer = setInterval(() => this.revokeExpiredLeases(), 500);
    this.leaseTimer.unref();
    return this.clientUrls;
  }

  private tlsServer(url: string, accept: (s: Socket) => void): Server {
    const { certFile, keyFile, trustedCaFile, clientCertAuth } = this.config;
    if (!certFile || !keyFile) throw new Error(`--cert-file and --key-file are needed to serve ${url}`);
    const verify = clientCertAuth && !!trustedCaFile;
    return createTlsServer(
      {
        cert: readFileSync(certFile),
        key: readFileSync(keyFile),
        ca: trustedCaFile ? readFileSync(trustedCaFile) : undefined,
        requestCert: verify,
        rejectUnauthorized: verify,
        ALPNProtocols: ['h2'],
      },
      accept,
    );
  }

  private revokeExpiredLeases(): void {
    for (const lease of this.store.lessor.expired()) {
      lease.revoking = true;
      this.store.write((w) => w.revokeLease(lease.id)).catch(() => {});
    }
  }

  async stop(): Promise<void> {
    this.stopCompaction();
    clearInterval(this.leaseTimer);
    this.watchHub.close();
    for (const l of this.listeners) l.close();
    await this.grpcServer.close();
    await this.store.close();
  }
}

/** A method's hand-written request decoder and response encoder. */
type Codecs = Partial<Pick<MethodDefinition, 'requestDeserialize' | 'responseSerialize'>>;

/** The service's methods, with the given codecs (decode.ts, codec.ts) instead of protobufjs'. */
function withCodecs(def: ServiceDefinition, codecs: Record<string, Codecs>): ServiceDefinition {
  const out = { ...def };
  for (const [method, c] of Object.entries(codecs)) out[method] = { ...def[method], ...c };
  return out;
}

const KV_CODECS: Record<string, Codecs> = {
  Range: { requestDeserialize: decodeRangeRequest, responseSerialize: encodeRangeResponse },
  Put: { requestDeserialize: decodePutRequest, responseSerialize: encodePutResponse },
  DeleteRange: { requestDeserialize: decodeDeleteRangeRequest, responseSerialize: encodeDeleteRangeResponse },
  Txn: { requestDeserialize: decodeTxnRequest, responseSerialize: encodeTxnResponse },
};

function hasPut(r: Msg): boolean {
  return [...(r.success ?? []), ...(r.failure ?? [])].some(
    (op: Msg) => op.request_put || (op.request_txn && hasPut(op.request_txn)),
  );
}

/** Roughly the encoded size of a request: its bytes fields plus a few bytes per field. */
function approxSize(v: unknown): number {
  if (Buffer.isBuffer(v)) return v.length + 3;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + approxSize(x), 0);
  if (v && typeof v === 'object') {
    let n = 3;
    for (const x of Object.values(v)) n += approxSize(x);
    return n;
  }
  return 2;
}
