/**
 * `npm run bench:server` — how fast `k8ts server` brings up a ready control plane and how much
 * memory it holds when idle. Each round starts it in a fresh data directory (a cold start: PKI and
 * kubeconfigs made, etcd empty) and again on the same directory (a restart), and reads each
 * component's resident memory (VmRSS) after 10 s idle. Target: ready in ≤ 2 s, ≤ 300 MB in all.
 *
 * Flags: --rounds N (3), --json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, type ServerConfig } from '../src/cluster/server.js';
import { freePort } from '../src/machinery/ports.js';
import { rssMB } from './lib/cluster.js';
import { table } from './lib/stats.js';

const { values: flags } = parseArgs({ options: { rounds: { type: 'string' }, json: { type: 'boolean' } } });
const rounds = Number(flags.rounds ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const cold: number[] = [];
  const warm: number[] = [];
  const rss = new Map<string, number[]>();
  for (let i = 0; i < rounds; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-bench-server-'));
    // Fixed ports across the two starts, as a user's are: a restart keeps its kubeconfigs.
    const config: ServerConfig = {
      dataDir: dir,
      httpsListenPort: await freePort(),
      etcdClientPort: await freePort(),
      schedulerSecurePort: await freePort(),
      controllerManagerSecurePort: await freePort(),
      bindAddress: '127.0.0.1',
      disable: [],
      kwokNodes: 0,
      clusterCidr: '10.244.0.0/16',
      serviceCidr: '10.96.0.0/12',
    };
    const quiet = () => undefined;
    let s = await startServer(config, quiet);
    cold.push(s.readyMs);
    await s.stop();
    s = await startServer(config, quiet);
    warm.push(s.readyMs);
    await new Promise((r) => setTimeout(r, 10_000));
    let total = 0;
    for (const c of s.components) {
      const mb = rssMB(c.pid!);
      total += mb;
      rss.set(c.name, [...(rss.get(c.name) ?? []), mb]);
    }
    rss.set('total', [...(rss.get('total') ?? []), total]);
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`round ${i + 1}: cold ${cold.at(-1)} ms, restart ${warm.at(-1)} ms, ${total.toFixed(0)} MB\n`);
  }
  const rows = [
    ['cold start to ready (first start: PKI, kubeconfigs)', `${(median(cold) / 1000).toFixed(2)} s`, '≤ 2 s'],
    ['restart to ready (same data dir)', `${(median(warm) / 1000).toFixed(2)} s`, '≤ 2 s'],
    ...[...rss].map(([name, xs]) => [
      `RSS idle, ${name}`,
      `${median(xs).toFixed(0)} MB`,
      name === 'total' ? '≤ 300 MB' : '',
    ]),
  ];
  if (flags.json) console.log(JSON.stringify({ cold, warm, rss: Object.fromEntries(rss) }));
  else console.log(table(['line (median of rounds)', 'value', 'target'], rows));
}

await main();
process.exit(0);
