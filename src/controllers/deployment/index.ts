/**
 * The Deployment controller for `k8ts controller-manager` (upstream's `deployment-controller`):
 * rolls Deployments out through ReplicaSets — one per pod template, named by its hash — with
 * RollingUpdate or Recreate, proportional scaling, pause, rollback, revision history and the
 * Progressing/Available conditions `kubectl rollout` reads.
 */
import { workersOf, type ControllerDescriptor } from '../context.js';
import { DeploymentController } from './controller.js';

export const deploymentController: ControllerDescriptor = {
  name: 'deployment-controller',
  aliases: ['deployment'],
  init(ctx) {
    const dc = new DeploymentController(ctx);
    return (signal) => dc.run(workersOf(ctx, 'deployment', 5), signal);
  },
};
