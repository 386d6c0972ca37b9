/** What the handlers share: the registry of stores and the OpenAPI definitions patches are applied with. */
import type { Definitions } from '../api/openapi/types.js';
import type { Registry } from './registry/registry.js';

export interface Context {
  registry: Registry;
  definitions: Definitions;
}
