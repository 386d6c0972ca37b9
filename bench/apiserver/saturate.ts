/** Closed-loop load for the apiserver benchmark. */
import { performance } from 'node:perf_hooks';
import type { H2Client } from './h2.js';

/** Runs `fn` from `clients` × `inflight` loops for `ms`; completions per second. */
export async function saturate(
  clients: H2Client[],
  inflight: number,
  ms: number,
  fn: (c: H2Client, i: number) => Promise<void>,
): Promise<number> {
  let done = 0;
  const end = performance.now() + ms;
  const start = performance.now();
  await Promise.all(
    clients.flatMap((c, ci) =>
      Array.from({ length: inflight }, async (_, k) => {
        let i = 0;
        while (performance.now() < end) {
          await fn(c, ci * 1000 + k * 1_000_000 + i++);
          done++;
        }
      }),
    ),
  );
  return done / ((performance.now() - start) / 1000);
}
