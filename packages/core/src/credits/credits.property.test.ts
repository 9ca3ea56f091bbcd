import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTicketkitError } from '../errors';
import type { CreditEntry } from '../storage/records';
import { creditDesk, TENANT } from '../test-support';
import {
  assertLedgerExtends,
  creditInvariantViolations,
  readCreditSnapshot,
} from '../testing/credit-invariants';

/** Refusals a random sequence may run into; anything else fails the property. */
const EXPECTED_REFUSALS = [
  'INSUFFICIENT_CREDITS',
  'HOLD_EXPIRED',
  'INVALID_STATE',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'IDEMPOTENCY_CONFLICT',
];

const operation = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('grant' as const),
      amount: fc.integer({ min: 1, max: 20 }),
      expiresInHours: fc.option(fc.integer({ min: 1, max: 1500 })),
      priority: fc.constantFrom(0, 50),
      costBasis: fc.constantFrom(0, 100),
      scoped: fc.boolean(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('consume' as const),
      quantity: fc.integer({ min: 1, max: 5 }),
      phone: fc.boolean(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('reserve' as const),
      quantity: fc.integer({ min: 1, max: 4 }),
      timeoutHours: fc.option(fc.integer({ min: 1, max: 200 })),
    }),
    weight: 3,
  },
  fc.record({ op: fc.constant('commit' as const), pick: fc.nat(), part: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ op: fc.constant('void' as const), pick: fc.nat() }),
  fc.record({
    op: fc.constant('refund' as const),
    pick: fc.nat(),
    amount: fc.option(fc.integer({ min: 1, max: 3 })),
  }),
  fc.record({
    op: fc.constant('changeExpiry' as const),
    pick: fc.nat(),
    hours: fc.option(fc.integer({ min: 1, max: 2000 })),
  }),
  fc.record({ op: fc.constant('voidBlock' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ op: fc.constant('expire' as const) }),
);

type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

describe('credits properties', () => {
  it('credits - any sequence of operations keeps the ledger invariants, append-only, and conserves credits', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 5, maxLength: 40, size: 'max' }),
        fc.constantFrom(0, 3),
        async (operations, overdraftLimit) => {
          const t = await creditDesk({ rateCard: { chat_question: 1, phone_followup: 2 }, overdraftLimit });
          const customerId = t.carlaId;
          const holds: string[] = [];
          const charges: string[] = [];
          const blocks: string[] = [];
          let granted = 0;
          let seen: CreditEntry[] = [];
          const hours = (count: number) => new Date(t.clock.now().getTime() + count * 3_600_000);
          const pick = <T>(list: T[], index: number): T | undefined => list[index % Math.max(list.length, 1)];
          const run = async (step: Operation, index: number) => {
            const key = `k${index}`;
            switch (step.op) {
              case 'grant': {
                const { block } = await t.grant(step.amount, {
                  idempotencyKey: key,
                  expiresAt: step.expiresInHours === null ? null : hours(step.expiresInHours),
                  priority: step.priority,
                  costBasis: step.costBasis,
                  scope: step.scoped ? ['chat_question'] : null,
                });
                granted += step.amount;
                blocks.push(block.id);
                return;
              }
              case 'consume':
                await t.desk.credits.consume(t.system, {
                  customerId,
                  service: step.phone ? 'phone_followup' : 'chat_question',
                  quantity: step.quantity,
                  idempotencyKey: key,
                });
                charges.push(key);
                return;
              case 'reserve':
                await t.desk.credits.reserve(t.system, {
                  customerId,
                  service: 'chat_question',
                  quantity: step.quantity,
                  key,
                  timeoutSeconds: step.timeoutHours === null ? null : step.timeoutHours * 3600,
                });
                holds.push(key);
                return;
              case 'commit': {
                const hold = pick(holds, step.pick);
                if (hold === undefined) return;
                await t.desk.credits.commit(t.system, { customerId, key: hold, amount: step.part });
                charges.push(hold);
                return;
              }
              case 'void': {
                const hold = pick(holds, step.pick);
                if (hold !== undefined) await t.desk.credits.voidHold(t.system, { customerId, key: hold });
                return;
              }
              case 'refund': {
                const charge = pick(charges, step.pick);
                if (charge === undefined) return;
                await t.desk.credits.refund(t.system, {
                  customerId,
                  chargeKey: charge,
                  idempotencyKey: key,
                  ...(step.amount === null ? {} : { amount: step.amount }),
                });
                return;
              }
              case 'changeExpiry': {
                const blockId = pick(blocks, step.pick);
                if (blockId === undefined) return;
                const { block } = await t.desk.credits.changeExpiry(t.system, {
                  customerId,
                  blockId,
                  expiresAt: step.hours === null ? null : hours(step.hours),
                  idempotencyKey: key,
                });
                blocks.push(block.id);
                return;
              }
              case 'voidBlock': {
                const blockId = pick(blocks, step.pick);
                if (blockId !== undefined)
                  await t.desk.credits.voidBlock(t.system, { customerId, blockId, idempotencyKey: key });
                return;
              }
              case 'advance':
                t.clock.advance({ hours: step.hours });
                return;
              case 'expire':
                await t.desk.credits.expire(t.system, customerId);
                return;
            }
          };
          for (const [index, step] of operations.entries()) {
            try {
              await run(step, index);
            } catch (error) {
              if (!EXPECTED_REFUSALS.some((code) => isTicketkitError(error, code as never))) throw error;
            }
            const snapshot = await readCreditSnapshot(t.storage, TENANT, customerId);
            const violations = creditInvariantViolations(snapshot, overdraftLimit);
            if (violations.length > 0) throw new Error(`after step ${index + 1}: ${violations.join('; ')}`);
            assertLedgerExtends(seen, snapshot.entries);
            seen = snapshot.entries;
            expect((await t.desk.credits.balance(t.system, customerId)).available).toBeGreaterThanOrEqual(
              -overdraftLimit,
            );
          }
          // Conservation: every granted credit is available, held, charged, expired or voided.
          await t.desk.credits.expire(t.system, customerId);
          const balance = await t.desk.credits.balance(t.system, customerId);
          const gone = (await t.entries())
            .filter((entry) => entry.type === 'credit_block_expiry' || entry.type === 'void')
            .reduce((sum, entry) => sum + entry.amount, 0);
          expect(balance.available + balance.held + balance.posted + gone).toBe(granted);
        },
      ),
      {
        numRuns: 100,
      },
    );
  }, 60_000);
});
