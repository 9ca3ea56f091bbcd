import { describe, expect, it } from 'vitest';
import { systemActor } from '../actors';
import type { Ticketing } from '../desk';
import type { StoragePort } from '../storage/port';
import { creditInvariantViolations, readCreditSnapshot } from './credit-invariants';
import { newTenantId } from './fixtures';
import {
  fulfilledValues,
  rejectionCodes,
  type SuiteContext,
  testDesk,
  useGroupStorage,
} from './suite-context';

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

/** A tenant with a customer and a rate card of `chat: 1`. */
async function creditTenant(desk: Ticketing): Promise<{ tenantId: string; customerId: string }> {
  const tenantId = newTenantId();
  const system = systemActor(tenantId);
  const credits = (await desk.settings.get(system)).settings.credits;
  await desk.settings.update(system, { credits: { ...credits, rateCard: { chat: 1 } } });
  const customer = await desk.customers.create(system, { name: 'Racer' });
  return { tenantId, customerId: customer.id };
}

async function expectConsistent(storage: StoragePort, tenantId: string, customerId: string) {
  const snapshot = await readCreditSnapshot(storage, tenantId, customerId);
  expect(creditInvariantViolations(snapshot)).toEqual([]);
  return snapshot;
}

/**
 * Races on one credit balance (`Promise.all`): the account lock must serialize a customer's
 * ledger writes, so outcomes are those of some serial order and no credit is spent twice.
 */
export function describeCreditRaces(context: SuiteContext): void {
  describe('credit races', () => {
    const storage = useGroupStorage(context);
    const slow = context.slowTimeout;
    const inspect = context.options.inspect;

    it(
      'credits.reserve - balance 1 and 50 concurrent reserve(1) with distinct keys: exactly one succeeds',
      async () => {
        const { desk } = testDesk(storage());
        const { tenantId, customerId } = await creditTenant(desk);
        const system = systemActor(tenantId);
        await desk.credits.grant(system, { customerId, amount: 1, idempotencyKey: 'g' });
        const results = await Promise.allSettled(
          range(50).map((index) =>
            desk.credits.reserve(system, { customerId, service: 'chat', key: `hold-${index}` }),
          ),
        );
        expect(fulfilledValues(results)).toHaveLength(1);
        expect(rejectionCodes(results)).toEqual(range(49).map(() => 'INSUFFICIENT_CREDITS'));
        const snapshot = await expectConsistent(storage(), tenantId, customerId);
        expect(snapshot.entries.map((entry) => entry.type)).toEqual(['increment', 'hold']);
        expect(snapshot.openHolds).toHaveLength(1);
        expect((await desk.credits.balance(system, customerId)).available).toBe(0);
        if (inspect !== undefined) {
          expect(await inspect.countRows('creditEntries', tenantId)).toBe(2);
          expect(await inspect.countRows('creditHolds', tenantId)).toBe(1);
        }
      },
      slow,
    );

    it(
      'credits.consume - 50 concurrent consumes with one shared key: exactly one charge, every caller gets it',
      async () => {
        const { desk } = testDesk(storage());
        const { tenantId, customerId } = await creditTenant(desk);
        const system = systemActor(tenantId);
        await desk.credits.grant(system, { customerId, amount: 10, idempotencyKey: 'g' });
        const results = await Promise.allSettled(
          range(50).map(() =>
            desk.credits.consume(system, { customerId, service: 'chat', idempotencyKey: 'one-question' }),
          ),
        );
        expect(rejectionCodes(results)).toEqual([]);
        const values = fulfilledValues(results);
        for (const value of values) expect(value).toEqual(values[0]);
        const snapshot = await expectConsistent(storage(), tenantId, customerId);
        expect(snapshot.entries.map((entry) => entry.type)).toEqual(['increment', 'decrement']);
        expect((await desk.credits.balance(system, customerId)).available).toBe(9);
        if (inspect !== undefined) expect(await inspect.countRows('creditEntries', tenantId)).toBe(2);
      },
      slow,
    );

    it(
      'credits.consume - 30 concurrent consumes of distinct questions on 20 credits: 20 charged, 10 refused, none twice',
      async () => {
        const { desk } = testDesk(storage());
        const { tenantId, customerId } = await creditTenant(desk);
        const system = systemActor(tenantId);
        await desk.credits.grant(system, { customerId, amount: 12, idempotencyKey: 'g1' });
        await desk.credits.grant(system, { customerId, amount: 8, idempotencyKey: 'g2' });
        const results = await Promise.allSettled(
          range(30).map((index) =>
            desk.credits.consume(system, { customerId, service: 'chat', idempotencyKey: `q${index}` }),
          ),
        );
        expect(fulfilledValues(results)).toHaveLength(20);
        expect(rejectionCodes(results)).toEqual(range(10).map(() => 'INSUFFICIENT_CREDITS'));
        const snapshot = await expectConsistent(storage(), tenantId, customerId);
        expect(snapshot.entries.filter((entry) => entry.type === 'decrement')).toHaveLength(20);
        expect((await desk.credits.balance(system, customerId)).available).toBe(0);
      },
      slow,
    );

    it(
      'credits.consume and expiry at the boundary instant: every credit is charged or expired exactly once',
      async () => {
        const expiry = new Date('2024-06-01T00:00:00.000Z');
        const before = testDesk(storage(), new Date(expiry.getTime() - 60_000));
        const { tenantId, customerId } = await creditTenant(before.desk);
        const system = systemActor(tenantId);
        await before.desk.credits.grant(system, {
          customerId,
          amount: 20, // more than the consumers take: some are always left to expire
          expiresAt: expiry,
          idempotencyKey: 'g',
        });
        // Consumers still see the last millisecond before expiry; the expirers run at the expiry instant.
        before.clock.set(new Date(expiry.getTime() - 1));
        const at = testDesk(storage(), expiry);
        const results = await Promise.allSettled([
          ...range(6).map((index) =>
            before.desk.credits.consume(system, { customerId, service: 'chat', idempotencyKey: `q${index}` }),
          ),
          at.desk.credits.expire(system, customerId),
          at.desk.scheduler.runDueJobs({ now: expiry }),
          ...range(6).map((index) =>
            before.desk.credits.consume(system, { customerId, service: 'chat', idempotencyKey: `r${index}` }),
          ),
          at.desk.credits.expire(system, customerId),
        ]);
        for (const code of rejectionCodes(results)) expect(code).toBe('INSUFFICIENT_CREDITS');
        const snapshot = await expectConsistent(storage(), tenantId, customerId);
        const charged = snapshot.entries.filter((entry) => entry.type === 'decrement');
        const expired = snapshot.entries.filter((entry) => entry.type === 'credit_block_expiry');
        expect(expired).toHaveLength(1);
        expect(expired[0]?.occurredAt).toEqual(expiry);
        expect(charged.length + (expired[0]?.amount ?? 0)).toBe(20);
        // No charge is dated at or after the expiry instant.
        for (const entry of charged) expect(entry.occurredAt.getTime()).toBeLessThan(expiry.getTime());
        expect(fulfilledValues(results).length).toBeGreaterThanOrEqual(3);
        expect(before.logger.errors).toEqual([]);
        expect(at.logger.errors).toEqual([]);
      },
      slow,
    );

    it(
      'credits - concurrent grants, reserves and commits on one account keep the ledger gapless and consistent',
      async () => {
        const { desk } = testDesk(storage());
        const { tenantId, customerId } = await creditTenant(desk);
        const system = systemActor(tenantId);
        await desk.credits.grant(system, { customerId, amount: 5, idempotencyKey: 'g0' });
        const results = await Promise.allSettled([
          ...range(10).map((index) =>
            desk.credits.grant(system, { customerId, amount: 1, idempotencyKey: `g${index + 1}` }),
          ),
          ...range(20).map(async (index) => {
            await desk.credits.reserve(system, { customerId, service: 'chat', key: `h${index}` });
            return desk.credits.commit(system, { customerId, key: `h${index}` });
          }),
        ]);
        for (const code of rejectionCodes(results)) expect(code).toBe('INSUFFICIENT_CREDITS');
        const snapshot = await expectConsistent(storage(), tenantId, customerId);
        const committed = snapshot.entries.filter((entry) => entry.type === 'hold_posted').length;
        expect(committed).toBe(fulfilledValues(results).length - 10);
        expect((await desk.credits.balance(system, customerId)).available).toBe(15 - committed);
      },
      slow,
    );
  });
}
