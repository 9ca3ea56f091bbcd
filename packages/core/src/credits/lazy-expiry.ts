import type { ActorRef } from '../actors';
import type { DeskContext } from '../internal/desk-context';
import type { CommandContext } from '../storage/gateway';
import type { CreditEntry, CreditHold } from '../storage/records';
import { CreditSession, SYSTEM_ACTOR } from './credit-session';
import type { CreditSettings } from './credit-settings';
import { expireHold } from './holds';
import { isExpired } from './ledger-fold';

/**
 * Opens the command's session for a customer (locking the account) and, the first time,
 * runs what became due since the account's last write: see {@link settleExpiries}.
 */
export async function openAccount(
  desk: DeskContext,
  context: CommandContext,
  tenantId: string,
  customerId: string,
  actor: ActorRef,
  now: Date,
  settings: CreditSettings,
): Promise<CreditSession> {
  const session = await CreditSession.open(desk, context, tenantId, customerId, actor, now, settings);
  if (!session.settled) {
    session.settled = true;
    session.lazyExpiries = settleExpiries(session);
  }
  return session;
}

/**
 * Lazy expiry: writes, in time order, every expiry due at the session's instant. A hold past
 * its timeout is released (`hold_expired`, dated at the timeout); a block past its expiry
 * loses its unheld credits (`credit_block_expiry`, dated at the expiry, with `credits.expired`);
 * held credits survive the block's expiry and expire when their hold is released. At one
 * instant, holds are released before blocks expire, so the block expires in one entry.
 * Entries are attributed to the system. Returns what was written.
 */
export function settleExpiries(session: CreditSession): CreditEntry[] {
  const written: CreditEntry[] = [];
  const now = session.now.getTime();
  const actor = session.actor;
  session.actor = SYSTEM_ACTOR;
  try {
    for (;;) {
      let dueHold: CreditHold | undefined;
      for (const hold of session.openHolds()) {
        const at = hold.expiresAt?.getTime();
        if (
          at !== undefined &&
          at <= now &&
          (dueHold === undefined || at < (dueHold.expiresAt as Date).getTime())
        )
          dueHold = hold;
      }
      let dueBlock: { id: string; at: Date } | undefined;
      for (const block of session.blocks()) {
        if (block.kind !== 'grant' || block.voidedAt !== null || block.remaining - block.held <= 0) continue;
        if (!isExpired(block, session.now)) continue;
        const at = block.expiresAt as Date;
        if (dueBlock === undefined || at.getTime() < dueBlock.at.getTime()) dueBlock = { id: block.id, at };
      }
      if (dueHold === undefined && dueBlock === undefined) return written;
      if (dueHold !== undefined && (dueBlock === undefined || (dueHold.expiresAt as Date) <= dueBlock.at)) {
        written.push(...expireHold(session, dueHold));
        continue;
      }
      const block = session.block((dueBlock as { id: string }).id);
      if (block === undefined) return written;
      const amount = block.remaining - block.held;
      const at = block.expiresAt as Date;
      written.push(session.write({ type: 'credit_block_expiry', blockId: block.id, amount, occurredAt: at }));
      session.recordEvent('credits.expired', null, {
        customerId: session.customerId,
        blockId: block.id,
        amount,
        expiredAt: at.toISOString(),
      });
    }
  } finally {
    session.actor = actor;
  }
}
