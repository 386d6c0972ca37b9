/**
 * Field paths as upstream's `field.Path` prints them: `a.b`, `properties[spec]`, `items[0]`, and
 * `<nil>` for the nil path that custom-resource validation starts from.
 */

/** The nil root path's rendering. */
export const NIL_PATH = '<nil>';

/** `field.Path.Child`: `parent.name`, or `name` at the root. */
export const child = (parent: string, name: string): string =>
  parent && parent !== NIL_PATH ? `${parent}.${name}` : name;

/** `field.Path.Key`: `parent[key]`. */
export const key = (parent: string, k: string): string => `${parent === NIL_PATH ? '' : parent}[${k}]`;

/** `field.Path.Index`: `parent[i]`. */
export const index = (parent: string, i: number): string => `${parent === NIL_PATH ? '' : parent}[${i}]`;
