/**
 * The serviceaccount controller (upstream's pkg/controller/serviceaccount/serviceaccounts_controller.go):
 * every active namespace has a `default` ServiceAccount; one deleted by hand comes back.
 */
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { Controller } from '../../client/controller/controller.js';
import { isAlreadyExists } from '../../machinery/errors.js';
import { RESOURCES, clientOf, informerOf, type ControllerDescriptor } from '../context.js';

/** The accounts every namespace gets (upstream's `--service-account-names`… default). */
export const DEFAULT_SERVICE_ACCOUNTS = ['default'];

export const serviceAccountController: ControllerDescriptor = {
  name: 'serviceaccount-controller',
  aliases: ['serviceaccount'],
  init(ctx) {
    const namespaces = informerOf<Namespace>(ctx, RESOURCES.namespaces);
    const accounts = informerOf<ServiceAccount>(ctx, RESOURCES.serviceaccounts);
    const client = clientOf<ServiceAccount>(ctx, RESOURCES.serviceaccounts);
    const controller = new Controller({
      name: 'serviceaccount',
      metricsProvider: ctx.metricsProvider,
      clock: ctx.clock,
      async reconcile(ns) {
        const namespace = namespaces.lister.get(undefined, ns);
        if (!namespace || namespace.status?.phase !== 'Active') return;
        for (const name of DEFAULT_SERVICE_ACCOUNTS) {
          if (accounts.lister.get(ns, name)) continue;
          try {
            await client.create(
              { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } },
              { namespace: ns },
            );
          } catch (err) {
            // Made meanwhile, or the namespace started terminating: nothing to do.
            if (!isAlreadyExists(err) && !/being terminated|not found/i.test(String(err))) throw err;
          }
        }
      },
    });
    controller.watch(namespaces, (n) => [n.metadata?.name ?? '']);
    accounts.addEventHandler({ onDelete: (sa) => controller.queue.add(sa.metadata?.namespace ?? '') });
    return (signal) => controller.run(ctx.options.concurrentSyncs['serviceaccount'] ?? 1, signal);
  },
};
