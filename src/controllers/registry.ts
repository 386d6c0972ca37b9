/** Every controller `k8ts controller-manager` knows, in upstream's start order. */
import type { ControllerDescriptor } from './context.js';

export const ALL_CONTROLLERS: readonly ControllerDescriptor[] = [];
