import { InvalidStateError } from '../errors';
import { isDone } from '../pipelines/pipeline-rules';
import type { StorageRepositories } from '../storage/port';
import type { Ticket } from '../storage/records';
import { invalidInput } from '../validation';

/**
 * Checks that `parentId` can take `child` (or a new ticket) as a child. Relations are one
 * level deep: a parent has no parent, a child has no children, a ticket is not its own
 * parent, and a resolved or closed ticket takes no new children.
 */
export async function assertParentFor(
  tx: StorageRepositories,
  tenantId: string,
  parentId: string,
  child: Ticket | null,
): Promise<Ticket> {
  if (child !== null && child.id === parentId)
    invalidInput(['parentId'], 'self_parent', 'A ticket cannot be its own parent');
  const parent = await tx.tickets.get(tenantId, parentId);
  if (parent === null) invalidInput(['parentId'], 'unknown_ticket', `Ticket ${parentId} does not exist`);
  if (parent.parentId !== null) {
    throw new InvalidStateError(`Ticket ${parentId} is itself a child; relations are one level deep`, {
      parentId,
    });
  }
  if (isDone(parent.statusCategory)) {
    throw new InvalidStateError(`Ticket ${parentId} is ${parent.statusCategory} and takes no new children`, {
      parentId,
    });
  }
  if (child !== null && (await tx.tickets.listChildren(tenantId, child.id)).length > 0) {
    throw new InvalidStateError(`Ticket ${child.id} has children and cannot become a child`, {
      ticketId: child.id,
    });
  }
  return parent;
}
