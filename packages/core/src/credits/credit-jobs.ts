import type { DeskContext } from '../internal/desk-context';
import type { JobHandler } from '../scheduler/job-registry';
import type { CommandContext } from '../storage/gateway';
import type { JobRecord } from '../storage/records';
import { lockAwaitingTickets, RELEASE_AWAITING_JOB, releaseAwaitingTickets } from './awaiting-tickets';
import { BLOCK_EXPIRING_JOB, BLOCK_EXPIRY_JOB } from './blocks';
import { SYSTEM_ACTOR } from './credit-session';
import { HOLD_TIMEOUT_JOB } from './holds';
import { openAccount } from './lazy-expiry';
import { isUsable } from './ledger-fold';

/**
 * Registers the credit jobs: block expiry and hold timeouts (lazy expiry for accounts nobody
 * touches), the `credits.expiring` notice, and the release of tickets waiting for credits.
 * Each runs in the transaction that completes its job, under the account lock; a job that
 * finds nothing left to do (the account was settled meanwhile) does nothing.
 */
export function registerCreditJobs(desk: DeskContext): void {
  /** The account a job's payload names, opened as the system (settling what is due). */
  const openJobAccount = async (job: JobRecord, context: CommandContext, now: Date) => {
    const { settings } = await desk.settings.loadForCommand(context, job.tenantId);
    const customerId = String(job.payload.customerId);
    return openAccount(desk, context, job.tenantId, customerId, SYSTEM_ACTOR, now, settings.credits);
  };
  const settle: JobHandler = async (job, context, now) => {
    await (await openJobAccount(job, context, now)).flush();
  };
  desk.jobs.register(BLOCK_EXPIRY_JOB, settle);
  desk.jobs.register(HOLD_TIMEOUT_JOB, settle);

  desk.jobs.register(BLOCK_EXPIRING_JOB, async (job, context, now) => {
    const customerId = String(job.payload.customerId);
    const session = await openJobAccount(job, context, now);
    const block = await session.findBlock(String(job.payload.blockId));
    if (
      block !== null &&
      block.expiresAt !== null &&
      block.voidedAt === null &&
      block.expiresAt > session.now
    ) {
      const amount = block.remaining - block.held;
      if (amount > 0 && (isUsable(block, session.now) || block.effectiveAt > session.now)) {
        session.recordEvent('credits.expiring', null, {
          customerId,
          blockId: block.id,
          amount,
          expiresAt: block.expiresAt.toISOString(),
        });
      }
    }
    await session.flush();
  });

  desk.jobs.register(RELEASE_AWAITING_JOB, async (job, context, now) => {
    const { settings } = await desk.settings.loadForCommand(context, job.tenantId);
    const customerId = String(job.payload.customerId);
    const locked = await lockAwaitingTickets(context.tx, settings, job.tenantId, customerId);
    const session = await openAccount(
      desk,
      context,
      job.tenantId,
      customerId,
      SYSTEM_ACTOR,
      now,
      settings.credits,
    );
    await releaseAwaitingTickets(desk, context, session, locked, settings, SYSTEM_ACTOR);
    await session.flush();
  });
}
