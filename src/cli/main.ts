/** `k8ts`: one binary, one thin subcommand per component. */
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { etcdCommand } from './etcd.js';
import { apiserverCommand } from './apiserver.js';
import { certsCommand } from './certs.js';
import { kubeconfigCommand } from './kubeconfig.js';
import { schedulerCommand } from './scheduler.js';
import { controllerManagerCommand } from './controller-manager.js';
import { serverCommand } from './server.js';
import { kwokCommand } from './kwok.js';

const program = new Command('k8ts')
  .description('Kubernetes, written in TypeScript: every component of the control plane and the node, one binary.')
  .version((createRequire(import.meta.url)('../../package.json') as { version: string }).version)
  .showHelpAfterError()
  .enablePositionalOptions()
  .addCommand(etcdCommand())
  .addCommand(apiserverCommand())
  .addCommand(certsCommand())
  .addCommand(kubeconfigCommand())
  .addCommand(schedulerCommand())
  .addCommand(controllerManagerCommand())
  .addCommand(serverCommand())
  .addCommand(kwokCommand());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // What went wrong, in one line, as etcdctl and kubectl print it.
  console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
