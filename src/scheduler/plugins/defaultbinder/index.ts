/** DefaultBinder: binds a pod by creating its `pods/binding` subresource, as upstream's. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { BindPlugin, CycleState, Handle, PluginFactory } from '../../framework/interface.js';
import { Status } from '../../framework/status.js';

export const NAME = 'DefaultBinder';

export class DefaultBinder implements BindPlugin {
  readonly name = NAME;
  constructor(private readonly handle: Handle) {}

  async bind(_state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined> {
    try {
      await this.handle.client.bindPod(pod, nodeName);
      return undefined;
    } catch (err) {
      return Status.error((err as Error).message);
    }
  }
}

export const factory: PluginFactory = (_args, handle) => new DefaultBinder(handle);
