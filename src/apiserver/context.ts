/** What the handlers share: the registry of stores. */
import type { Registry } from './registry/registry.js';

export interface Context {
  registry: Registry;
}
