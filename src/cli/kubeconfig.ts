/**
 * `k8ts kubeconfig` (kubeadm's `init phase kubeconfig all`): writes admin.conf, super-admin.conf,
 * kubelet.conf, controller-manager.conf and scheduler.conf, each with a client certificate signed
 * by the cluster CA in --cert-dir.
 */
import { Command } from 'commander';
import { DEFAULT_CERT_DIR } from '../pki/certs.js';
import { DEFAULT_KUBECONFIG_DIR, DEFAULT_SERVER, writeKubeconfigs, type KubeconfigOptions } from '../pki/kubeconfig.js';

const list = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

/** The flags, camel-cased by commander. */
interface Flags {
  certDir: string;
  kubeconfigDir: string;
  server: string;
  nodeName?: string[];
  force?: boolean;
}

/** Maps the flags to `writeKubeconfigs` options. */
export function toKubeconfigOptions(f: Flags, log: (line: string) => void): KubeconfigOptions {
  return {
    certDir: f.certDir,
    kubeconfigDir: f.kubeconfigDir,
    server: f.server,
    nodeNames: f.nodeName,
    force: f.force,
    log,
  };
}

/** `k8ts kubeconfig`; `out` receives each line printed (default: stdout). */
export function kubeconfigCommand(out: (line: string) => void = (l) => console.log(l)): Command {
  return new Command('kubeconfig')
    .description(
      'Generate all kubeconfig files necessary to establish the control plane and the admin kubeconfig file: admin.conf, super-admin.conf, kubelet.conf (kubelet-<node>.conf for each further --node-name), controller-manager.conf and scheduler.conf. Files that exist already are kept.',
    )
    .option('--cert-dir <dir>', 'The path where certificates are stored.', DEFAULT_CERT_DIR)
    .option('--kubeconfig-dir <dir>', 'The path where to save the kubeconfig file.', DEFAULT_KUBECONFIG_DIR)
    .option('--server <url>', 'The URL of the API server written into every kubeconfig.', DEFAULT_SERVER)
    .option(
      '--node-name <name>',
      'Specify the node name. Repeat it (or separate names by commas) for a kubeconfig per node. (default: the host name)',
      list,
    )
    .option('--force', 'Overwrite kubeconfig files that exist already.')
    .action(async (flags: Flags) => {
      await writeKubeconfigs(toKubeconfigOptions(flags, out));
    });
}
