/**
 * The handlers' side of admission: the attributes of one request, the mutating step on the object
 * a handler built, and the validating step the store runs once the object is valid.
 */
import type { ResourceInfo } from '../../api/resources.js';
import type { KObject } from '../cacher/types.js';
import type { Context } from '../context.js';
import type { ResourceRequest } from '../request-info.js';
import { userOf } from '../auth/request-auth.js';
import { addWarnings, auditOf, type Req, type Res } from '../http.js';
import type { Attributes, Operation } from '../admission/chain.js';

/** One request's admission: `admit` mutates, `validate` is the store's `admit` hook, `finish` sends warnings. */
export class RequestAdmission {
  readonly attrs: Attributes;

  constructor(
    private readonly ctx: Context,
    private readonly req: Req,
    info: ResourceInfo,
    ri: ResourceRequest,
    dryRun: boolean,
  ) {
    this.attrs = {
      operation: 'CREATE',
      info,
      subresource: ri.subresource,
      namespace: ri.namespace,
      name: ri.name,
      user: userOf(req),
      dryRun,
      warnings: [],
      auditAnnotations: {},
    };
  }

  /** The mutating plugins on `object` (the stored `old` on update); returns what they made of it. */
  async admit(operation: Operation, object: KObject, old?: KObject): Promise<KObject> {
    const a = this.attrs;
    a.operation = operation;
    a.object = object;
    a.oldObject = old;
    if (operation === 'CREATE' && !a.name) a.name = object.metadata?.name ?? '';
    await this.ctx.admission.admit(a);
    return a.object;
  }

  /**
   * Admission of an object POSTed to a subresource that is acted on rather than stored (a
   * Binding, an Eviction, a TokenRequest): the mutating, then the validating plugins; returns the
   * object as they left it.
   */
  async admitAction(object: KObject): Promise<KObject> {
    const admitted = await this.admit('CREATE', object);
    await this.validate(admitted, undefined);
    return admitted;
  }

  /** The mutating plugins on a delete of `namespace/name`: they see no object (the validating ones see the stored one). */
  async admitDelete(namespace: string, name: string, options: KObject): Promise<void> {
    Object.assign(this.attrs, {
      operation: 'DELETE',
      namespace,
      name,
      options,
      object: undefined,
      oldObject: undefined,
    });
    await this.ctx.admission.admit(this.attrs);
  }

  /** The validating plugins, as the store's `admit` hook: on the valid object about to be stored. */
  readonly validate = async (obj: KObject | undefined, old: KObject | undefined): Promise<void> => {
    const a = this.attrs;
    a.operation = !obj ? 'DELETE' : old ? 'UPDATE' : 'CREATE';
    a.object = obj;
    a.oldObject = old;
    if (obj?.metadata?.name) a.name = obj.metadata.name;
    await this.ctx.admission.validate(a);
  };

  /** Sends the plugins' warnings; their audit annotations go to the request's audit event. */
  finish(res: Res): void {
    addWarnings(res, this.attrs.warnings);
    auditOf(this.req)?.annotateAll(this.attrs.auditAnnotations);
  }
}
