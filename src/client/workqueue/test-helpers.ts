/** Helpers for the work queue tests. */

/**
 * Whether `p` has settled once pending microtasks and one macrotask turn have run. Not a sleep:
 * it only lets already-resolved promise chains finish.
 */
export async function isSettled(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}
