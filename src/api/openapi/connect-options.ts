/**
 * The query parameters of the subresources that are not objects: `pods/log` and the connect
 * subresources (`exec`, `attach`, `portforward`, `proxy`), keyed by their options kind, with
 * upstream 1.32's wording.
 */
import type { Param } from './parameters.js';

const q = (name: string, type: Param['type'], description: string): Param => ({ name, in: 'query', type, description });

const proxyPath = (of: string) => [
  q('path', 'string', `Path is the URL path to use for the current proxy request to ${of}.`),
];

/** Query parameters by options kind (the `responseKind` discovery shows for the subresource). */
export const CONNECT_QUERY: Record<string, Param[]> = {
  PodAttachOptions: [
    q(
      'container',
      'string',
      'The container in which to execute the command. Defaults to only container if there is only one container in the pod.',
    ),
    q(
      'stderr',
      'boolean',
      'Stderr if true indicates that stderr is to be redirected for the attach call. Defaults to true.',
    ),
    q(
      'stdin',
      'boolean',
      'Stdin if true, redirects the standard input stream of the pod for this call. Defaults to false.',
    ),
    q(
      'stdout',
      'boolean',
      'Stdout if true indicates that stdout is to be redirected for the attach call. Defaults to true.',
    ),
    q(
      'tty',
      'boolean',
      'TTY if true indicates that a tty will be allocated for the attach call. This is passed through the container runtime so the tty is allocated on the worker node by the container runtime. Defaults to false.',
    ),
  ],
  PodExecOptions: [
    q('command', 'string', 'Command is the remote command to execute. argv array. Not executed within a shell.'),
    q(
      'container',
      'string',
      'Container in which to execute the command. Defaults to only container if there is only one container in the pod.',
    ),
    q('stderr', 'boolean', 'Redirect the standard error stream of the pod for this call.'),
    q('stdin', 'boolean', 'Redirect the standard input stream of the pod for this call. Defaults to false.'),
    q('stdout', 'boolean', 'Redirect the standard output stream of the pod for this call.'),
    q('tty', 'boolean', 'TTY if true indicates that a tty will be allocated for the exec call. Defaults to false.'),
  ],
  PodPortForwardOptions: [q('ports', 'integer', 'List of ports to forward Required when using WebSockets')],
  PodProxyOptions: proxyPath('pod'),
  NodeProxyOptions: proxyPath('node'),
  ServiceProxyOptions: [
    q(
      'path',
      'string',
      'Path is the part of URLs that include service endpoints, suffixes, and parameters to use for the current proxy request to service. For example, the whole request URL is http://localhost/api/v1/namespaces/kube-system/services/elasticsearch-logging/_search?q=user:kimchy. Path is _search?q=user:kimchy.',
    ),
  ],
};

const tail = 'Note that when "TailLines" is specified, "Stream" can only be set to nil or "All".';

/** The query parameters of `GET pods/{name}/log`, besides `pretty`. */
export const POD_LOG_QUERY: Param[] = [
  q(
    'container',
    'string',
    'The container for which to stream logs. Defaults to only container if there is one container in the pod.',
  ),
  q('follow', 'boolean', 'Follow the log stream of the pod. Defaults to false.'),
  q(
    'insecureSkipTLSVerifyBackend',
    'boolean',
    "insecureSkipTLSVerifyBackend indicates that the apiserver should not confirm the validity of the serving certificate of the backend it is connecting to.  This will make the HTTPS connection between the apiserver and the backend insecure. This means the apiserver cannot verify the log data it is receiving came from the real kubelet.  If the kubelet is configured to verify the apiserver's TLS credentials, it does not mean the connection to the real kubelet is vulnerable to a man in the middle attack (e.g. an attacker could not intercept the actual log data coming from the real kubelet).",
  ),
  q(
    'limitBytes',
    'integer',
    'If set, the number of bytes to read from the server before terminating the log output. This may not display a complete final line of logging, and may return slightly more or slightly less than the specified limit.',
  ),
  q('previous', 'boolean', 'Return previous terminated container logs. Defaults to false.'),
  q(
    'sinceSeconds',
    'integer',
    'A relative time in seconds before the current time from which to show logs. If this value precedes the time a pod was started, only logs since the pod start will be returned. If this value is in the future, no logs will be returned. Only one of sinceSeconds or sinceTime may be specified.',
  ),
  q(
    'stream',
    'string',
    `Specify which container log stream to return to the client. Acceptable values are "All", "Stdout" and "Stderr". If not specified, "All" is used, and both stdout and stderr are returned interleaved. ${tail}`,
  ),
  q(
    'tailLines',
    'integer',
    `If set, the number of lines from the end of the logs to show. If not specified, logs are shown from the creation of the container or sinceSeconds or sinceTime. ${tail}`,
  ),
  q(
    'timestamps',
    'boolean',
    'If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of log output. Defaults to false.',
  ),
];
