/**
 * Conversion between the versions a resource is served in and the version it is stored in, for
 * the resources that have more than one: HorizontalPodAutoscalers (autoscaling v1/v2, stored v2)
 * and Events (core v1 and events.k8s.io/v1, stored as core v1). Others are served as stored.
 */
import { coreToEvents, eventsToCore } from './events.js';
import { hpaV1ToV2, hpaV2ToV1 } from './hpa.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

type Converter = (o: Obj) => Obj;

/** `from→to` apiVersions, keyed `kind from to`. */
const CONVERTERS: Record<string, Converter> = {
  'Event v1 events.k8s.io/v1': coreToEvents,
  'Event events.k8s.io/v1 v1': eventsToCore,
  'HorizontalPodAutoscaler autoscaling/v2 autoscaling/v1': hpaV2ToV1,
  'HorizontalPodAutoscaler autoscaling/v1 autoscaling/v2': hpaV1ToV2,
};

/** `obj` as `apiVersion` shows it (the same object when no conversion is needed). */
export function convert(obj: Obj, apiVersion: string): Obj {
  if (!obj || obj.apiVersion === apiVersion) return obj;
  const fn = CONVERTERS[`${obj.kind} ${obj.apiVersion} ${apiVersion}`];
  return fn ? fn(obj) : { ...obj, apiVersion };
}
