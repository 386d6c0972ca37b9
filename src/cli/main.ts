/** `k8ts`: one binary, one thin subcommand per component. */
import { Command } from 'commander';
import { etcdCommand } from './etcd.js';

const program = new Command('k8ts')
  .description('Kubernetes, written in TypeScript: every component of the control plane and the node, one binary.')
  .version(process.env.npm_package_version ?? '0.1.0')
  .showHelpAfterError()
  .enablePositionalOptions()
  .addCommand(etcdCommand());

await program.parseAsync(process.argv);
