import type { JsonObject } from '../json';
import type { CommandContext, CommandMemo } from '../storage/gateway';

/** What rules read of a ticket's requester. */
export interface RequesterFacts {
  /** `customer.attributes`; empty for a requester that is not stored. */
  attributes: JsonObject;
  locale: string | null;
}

/** The requesters a command run has read, by tenant and id. */
const COMMAND_REQUESTERS: CommandMemo<Map<string, Promise<RequesterFacts>>> = { create: () => new Map() };

/**
 * A requester's attributes and locale as this command run first read them: the SLA,
 * escalation and routing rules that follow one ticket write share one read. Not for commands
 * that change the customer after reading it.
 */
export function commandRequester(
  context: CommandContext,
  tenantId: string,
  requesterId: string,
): Promise<RequesterFacts> {
  const requesters = context.memo(COMMAND_REQUESTERS);
  const key = `${tenantId}\u0000${requesterId}`;
  let facts = requesters.get(key);
  if (facts === undefined) {
    facts = context.tx.customers.get(tenantId, requesterId).then((customer) => ({
      attributes: customer?.attributes ?? {},
      locale: customer?.locale ?? null,
    }));
    requesters.set(key, facts);
  }
  return facts;
}
