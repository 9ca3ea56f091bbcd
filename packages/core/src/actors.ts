import { z } from 'zod';
import { ForbiddenError } from './errors';
import { parseInput } from './validation';

const tenantId = z.string().min(1).max(128);
const principalId = z.string().min(1).max(128);

/** Schema of {@link Actor}; the server layer uses it to check what `authenticate` returned. */
export const actorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('system'), tenantId }),
  z.strictObject({ kind: z.literal('agent'), tenantId, agentId: principalId }),
  z.strictObject({ kind: z.literal('customer'), tenantId, customerId: principalId }),
]);

/**
 * Who runs a command, and in which tenant. Every ticketkit call takes one.
 * - `system`: the host itself (jobs, integrations, inbound channels); may do anything in the tenant.
 * - `agent`: a support agent; sees every ticket of the tenant, including internal notes.
 * - `customer`: an end user; sees only tickets they requested, never internal notes.
 *
 * The host builds actors from its own authenticated session; ticketkit trusts the identity
 * and enforces what each kind may see and do.
 */
export type Actor = z.infer<typeof actorSchema>;

/** The actor as recorded in history and events: kind and id (null for system). */
export interface ActorRef {
  kind: Actor['kind'];
  id: string | null;
}

/** An actor of kind `system` for a tenant. */
export function systemActor(tenantId: string): Actor {
  return { kind: 'system', tenantId };
}

/** An actor of kind `agent`. */
export function agentActor(tenantId: string, agentId: string): Actor {
  return { kind: 'agent', tenantId, agentId };
}

/** An actor of kind `customer`. */
export function customerActor(tenantId: string, customerId: string): Actor {
  return { kind: 'customer', tenantId, customerId };
}

/** Validates an actor at the boundary; a malformed actor is `VALIDATION_FAILED`. */
export function parseActor(actor: unknown): Actor {
  return parseInput(actorSchema, actor, 'actor');
}

/** The history/event form of an actor. */
export function actorRef(actor: Actor): ActorRef {
  switch (actor.kind) {
    case 'system':
      return { kind: 'system', id: null };
    case 'agent':
      return { kind: 'agent', id: actor.agentId };
    case 'customer':
      return { kind: 'customer', id: actor.customerId };
  }
}

/** Throws `FORBIDDEN` unless the actor is staff (an agent or the system). */
export function requireStaff(actor: Actor, operation: string): void {
  if (actor.kind === 'customer') {
    throw new ForbiddenError(`Customers may not ${operation}`, { operation });
  }
}
