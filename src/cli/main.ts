/** `k8ts`: one binary, one thin subcommand per component. */
import { createRequire } from 'node:module';
import { Command } from 'commander';

/**
 * The subcommands, each loaded only when it runs: a component's process then loads its own code
 * and none of the others' (the PKI library, the etcd protos, the admission plugins …), which is
 * most of its start. `k8ts --help` and an unknown command load them all.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  etcd: async () => (await import('./etcd.js')).etcdCommand(),
  apiserver: async () => (await import('./apiserver.js')).apiserverCommand(),
  certs: async () => (await import('./certs.js')).certsCommand(),
  kubeconfig: async () => (await import('./kubeconfig.js')).kubeconfigCommand(),
  scheduler: async () => (await import('./scheduler.js')).schedulerCommand(),
  'controller-manager': async () => (await import('./controller-manager.js')).controllerManagerCommand(),
  server: async () => (await import('./server.js')).serverCommand(),
  kwok: async () => (await import('./kwok.js')).kwokCommand(),
};

const program = new Command('k8ts')
  .description('Kubernetes, written in TypeScript: every component of the control plane and the node, one binary.')
  .version((createRequire(import.meta.url)('../../package.json') as { version: string }).version)
  .showHelpAfterError()
  .enablePositionalOptions();
const named = process.argv[2];
const wanted = named && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
for (const command of await Promise.all(wanted.map((n) => COMMANDS[n]()))) program.addCommand(command);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // What went wrong, in one line, as etcdctl and kubectl print it.
  console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
