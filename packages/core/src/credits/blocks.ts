import type { CreditBlock, CreditEntry } from '../storage/records';
import type { CreditSession } from './credit-session';

/** Job type that expires a block at its expiry instant (for accounts nobody touches). */
export const BLOCK_EXPIRY_JOB = 'credits.block_expiry';
/** Job type that announces a block's coming expiry (`credits.expiring`). */
export const BLOCK_EXPIRING_JOB = 'credits.block_expiring';

/** What a new block holds and how it is drawn. */
export interface BlockSpec {
  amount: number;
  effectiveAt: Date;
  expiresAt: Date | null;
  priority: number;
  costBasis: number;
  scope: string[] | null;
  externalRef: string | null;
  sourceBlockId: string | null;
}

/**
 * Grants a block: an unscoped grant first repays any overdraft used (an `increment` on the
 * overdraft block), the rest is an `increment` on the new block. Records `credits.granted`
 * and schedules the block's expiry and expiry notice.
 */
export async function grantBlock(
  session: CreditSession,
  spec: BlockSpec,
  idempotencyKey: string,
): Promise<{ block: CreditBlock; entries: CreditEntry[] }> {
  const entries: CreditEntry[] = [];
  let amount = spec.amount;
  const overdraft = session.existingOverdraft();
  if (spec.scope === null && overdraft !== undefined && overdraft.remaining < 0) {
    const repay = Math.min(amount, -overdraft.remaining);
    entries.push(session.write({ type: 'increment', blockId: overdraft.id, amount: repay, idempotencyKey }));
    amount -= repay;
  }
  const block = newBlock(session, spec);
  if (amount > 0)
    entries.push(session.write({ type: 'increment', blockId: block.id, amount, idempotencyKey }));
  session.recordEvent('credits.granted', null, {
    customerId: session.customerId,
    blockId: block.id,
    amount: spec.amount,
    effectiveAt: spec.effectiveAt.toISOString(),
    expiresAt: spec.expiresAt?.toISOString() ?? null,
    externalRef: spec.externalRef,
    available: session.available(),
  });
  await scheduleBlockJobs(session, block);
  return { block: session.block(block.id) as CreditBlock, entries };
}

/**
 * Moves `amount` unheld credits of a usable block into a new block with another expiry
 * (same priority, cost basis, scope and reference): `expiration_change` -amount on the old
 * block and +amount on the new one.
 */
export async function changeBlockExpiry(
  session: CreditSession,
  from: CreditBlock,
  amount: number,
  expiresAt: Date | null,
  idempotencyKey: string,
): Promise<{ block: CreditBlock; entries: CreditEntry[] }> {
  const block = newBlock(session, {
    amount,
    effectiveAt: from.effectiveAt.getTime() > session.now.getTime() ? from.effectiveAt : session.now,
    expiresAt,
    priority: from.priority,
    costBasis: from.costBasis,
    scope: from.scope,
    externalRef: from.externalRef,
    sourceBlockId: from.id,
  });
  const entries = [
    session.write({ type: 'expiration_change', blockId: from.id, amount: -amount, idempotencyKey }),
    session.write({ type: 'expiration_change', blockId: block.id, amount, idempotencyKey }),
  ];
  await scheduleBlockJobs(session, block);
  return { block: session.block(block.id) as CreditBlock, entries };
}

/**
 * Voids a block: its unheld credits go (`void`), it is never drawn again, and credits its
 * holds release later are voided too.
 */
export function voidCreditBlock(
  session: CreditSession,
  block: CreditBlock,
  idempotencyKey: string,
): CreditEntry[] {
  const free = block.remaining - block.held;
  const entries =
    free > 0 ? [session.write({ type: 'void', blockId: block.id, amount: free, idempotencyKey })] : [];
  session.voidBlock(block.id);
  return entries;
}

/**
 * A block for refunded overdraft credits whose debt a grant already repaid: the credits come
 * back to the customer as a never-expiring block (priority 50, cost basis 0) that names the
 * overdraft block as its source.
 */
export function refundBlock(session: CreditSession, overdraftBlockId: string): CreditBlock {
  return newBlock(session, {
    amount: 0,
    effectiveAt: session.now,
    expiresAt: null,
    priority: 50,
    costBasis: 0,
    scope: null,
    externalRef: null,
    sourceBlockId: overdraftBlockId,
  });
}

function newBlock(session: CreditSession, spec: BlockSpec): CreditBlock {
  const block: CreditBlock = {
    tenantId: session.tenantId,
    id: session.desk.newId('creditBlock'),
    customerId: session.customerId,
    kind: 'grant',
    amount: spec.amount,
    remaining: 0,
    held: 0,
    effectiveAt: spec.effectiveAt,
    expiresAt: spec.expiresAt,
    priority: spec.priority,
    costBasis: spec.costBasis,
    scope: spec.scope,
    externalRef: spec.externalRef,
    sourceBlockId: spec.sourceBlockId,
    voidedAt: null,
    createdAt: session.now,
    updatedAt: session.now,
  };
  session.addBlock(block);
  return block;
}

/** Schedules a block's expiry (so idle accounts expire too) and its `credits.expiring` notice. */
async function scheduleBlockJobs(session: CreditSession, block: CreditBlock): Promise<void> {
  if (block.expiresAt === null) return;
  const payload = { customerId: session.customerId, blockId: block.id };
  await session.desk.jobs.schedule(
    session.tx,
    {
      tenantId: session.tenantId,
      key: `${BLOCK_EXPIRY_JOB}:${block.id}`,
      type: BLOCK_EXPIRY_JOB,
      dueAt: block.expiresAt,
      payload,
    },
    session.now,
  );
  const noticeDays = session.settings.expiringNoticeDays;
  if (noticeDays === null) return;
  const noticeAt = Math.max(session.now.getTime(), block.expiresAt.getTime() - noticeDays * 86_400_000);
  await session.desk.jobs.schedule(
    session.tx,
    {
      tenantId: session.tenantId,
      key: `${BLOCK_EXPIRING_JOB}:${block.id}`,
      type: BLOCK_EXPIRING_JOB,
      dueAt: new Date(noticeAt),
      payload,
    },
    session.now,
  );
}
