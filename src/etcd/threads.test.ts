import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { GrpcConn } from '../machinery/etcd-grpc/grpc-h2.js';
import { encodeRaw, PATH, T } from '../machinery/etcd-grpc/messages.js';
import { startK8tsEtcd } from './testing/k8ts-etcd.js';

/** Linux's number for the idle scheduling policy, as /proc shows it. */
const SCHED_IDLE = 5;

/** Each thread of process `pid`: its scheduling policy and the CPU time it has used (ns). */
function threads(pid: number): Map<number, { policy: number; cpuNs: number }> {
  const out = new Map<number, { policy: number; cpuNs: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const policy = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);
    const cpuNs = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    out.set(Number(tid), { policy, cpuNs });
  }
  return out;
}

describe('k8ts etcd threads', { skip: process.platform !== 'linux' && 'scheduling policies are Linux only' }, () => {
  it("puts V8's four worker threads, and only them, at the idle policy; they do V8's work", async () => {
    const store = await startK8tsEtcd();
    try {
      const pid = store.process.pid!;
      let idle: number[] = [];
      for (let i = 0; i < 100 && idle.length < 4; i++) {
        await new Promise((r) => setTimeout(r, 20));
        idle = [...threads(pid)].filter(([, t]) => t.policy === SCHED_IDLE).map(([tid]) => tid);
      }
      assert.equal(idle.length, 4, 'four threads at the idle policy');
      assert.equal(threads(pid).get(pid)!.policy, 0, 'the main thread keeps the normal policy');

      // Puts make V8 optimize the request path and collect garbage: work for its worker threads.
      const before = threads(pid);
      const conn = await GrpcConn.connect(store.endpoint);
      const value = Buffer.alloc(1024, 'v');
      for (let i = 0; i < 4000; i++) {
        await conn.unary(PATH.put, encodeRaw(T.PutRequest, { key: Buffer.from(`/k/${i % 100}`), value }));
      }
      conn.close();
      const after = threads(pid);
      const ran = idle.reduce((sum, tid) => sum + after.get(tid)!.cpuNs - before.get(tid)!.cpuNs, 0);
      assert.ok(ran > 1e6, `the idle threads ran ${ran} ns, at least 1 ms`);
    } finally {
      await store.stop();
    }
  });
});
