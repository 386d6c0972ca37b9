/**
 * `npm run bench:server` — how fast `k8ts server` brings up a ready control plane and how much
 * memory it holds when idle. Each round starts it in a fresh data directory (a cold start: PKI and
 * kubeconfigs made, etcd empty) and again on the same directory (a restart), and reads each
 * component's resident memory (VmRSS) after 10 s idle, then again after 60 s idle, with the
 * components' proportional set size (PSS: pages shared between processes, such as Node's own code,
 * split between them instead of counted in each). Target: ready in ≤ 2 s, ≤ 300 MB in all.
 *
 * Flags: --rounds N (3), --json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, type ServerConfig } from '../src/cluster/server.js';
import { freePort } from '../src/machinery/ports.js';
import { pssMB, rssMB } from './lib/cluster.js';
import { table } from './lib/stats.js';

const { values: flags } = parseArgs({ options: { rounds: { type: 'string' }, json: { type: 'boolean' } } });
const rounds = Number(flags.rounds ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const cold: number[] = [];
  const warm: number[] = [];
  const rss = new Map<string, number[]>();
  const add = (line: string, mb: number) => rss.set(line, [...(rss.get(line) ?? []), mb]);
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
    const sample = (label: string, read: (pid: number) => number) => {
      let sum = 0;
      for (const c of s.components) {
        const mb = read(c.pid!);
        sum += mb;
        if (label === 'RSS idle') add(`${label}, ${c.name}`, mb);
      }
      add(`${label}, total`, sum);
      return sum;
    };
    await new Promise((r) => setTimeout(r, 10_000));
    const total = sample('RSS idle', rssMB);
    await new Promise((r) => setTimeout(r, 50_000));
    sample('RSS idle 60 s', rssMB);
    sample('PSS idle 60 s', pssMB);
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`round ${i + 1}: cold ${cold.at(-1)} ms, restart ${warm.at(-1)} ms, ${total.toFixed(0)} MB\n`);
  }
  const rows = [
    ['cold start to ready (first start: PKI, kubeconfigs)', `${(median(cold) / 1000).toFixed(2)} s`, '≤ 2 s'],
    ['restart to ready (same data dir)', `${(median(warm) / 1000).toFixed(2)} s`, '≤ 2 s'],
    ...[...rss].map(([line, xs]) => [line, `${median(xs).toFixed(0)} MB`, line.endsWith(', total') ? '≤ 300 MB' : '']),
  ];
  if (flags.json) console.log(JSON.stringify({ cold, warm, rss: Object.fromEntries(rss) }));
  else console.log(table(['line (median of rounds)', 'value', 'target'], rows));
}

await main();
process.exit(0);
