/**
 * Resource name classes as upstream's `v1helper` and `schedutil` draw them. The framework's
 * `Resource` files every name other than cpu, memory, ephemeral-storage and pods as a scalar; the
 * plugins here need upstream's narrower classes to check and score the same resources it does.
 */

/** `kubernetes.io/`-prefixed names are native, not extended (`IsPrefixedNativeResource`). */
function isPrefixedNative(name: string): boolean {
  return name.includes('kubernetes.io/');
}

/**
 * Upstream's `IsExtendedResourceName`: a domain-prefixed name outside `kubernetes.io/`, such as
 * `example.com/gpu`. Only these can be ignored by the fit filter's args.
 */
export function isExtendedResourceName(name: string): boolean {
  if (!name.includes('/') || isPrefixedNative(name)) return false;
  return !name.startsWith('requests.');
}

/**
 * Upstream's `schedutil.IsScalarResourceName`: extended, hugepages-*, prefixed native and
 * attachable-volumes-* names — the resources kept in `Resource.ScalarResources`.
 */
export function isScalarResourceName(name: string): boolean {
  return (
    isExtendedResourceName(name) ||
    name.startsWith('hugepages-') ||
    isPrefixedNative(name) ||
    name.startsWith('attachable-volumes-')
  );
}
