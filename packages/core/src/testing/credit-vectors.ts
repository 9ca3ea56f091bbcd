import { expect } from 'vitest';
import { systemActor } from '../actors';
import type { Ticketing } from '../desk';
import type { StoragePort } from '../storage/port';
import type { CreditEntry } from '../storage/records';
import { creditInvariantViolations, readCreditSnapshot } from './credit-invariants';
import vectors from './credits-public-vectors.json';
import { expectErrorCode } from './suite-context';
import type { TestClock } from './test-clock';

/** One step of a credit vector (`shared/vectors/credits-public.json`). */
export interface CreditVectorOp {
  op: 'grant' | 'consume' | 'reserve' | 'commit' | 'void' | 'available' | 'entry';
  at: string;
  block?: string;
  amount?: number;
  key?: string;
  service?: string;
  expiresAt?: string | null;
  priority?: number;
  costBasis?: number;
  timeoutHours?: number;
  type?: string;
  expect?: number | { draws?: Array<[string, number]>; error?: string; entriesWritten?: number };
}

/** A worked case: a scenario and its steps. */
export interface CreditVector {
  id: string;
  scenario: string;
  ops: CreditVectorOp[];
}

/** The public credit vectors, as shipped with the kit. */
export const CREDIT_VECTORS = vectors as CreditVector[];

/**
 * Runs a vector against a desk: one fresh customer, a rate card pricing each vector service
 * at 1 (amounts become quantities), the clock set to each step's instant. Blocks are named
 * by their vector labels. Checks every expectation and the ledger invariants after each step.
 */
export async function runCreditVector(
  desk: Ticketing,
  storage: StoragePort,
  clock: TestClock,
  tenantId: string,
  vector: CreditVector,
): Promise<void> {
  const system = systemActor(tenantId);
  clock.set(vector.ops[0]?.at ?? '2024-01-01T00:00:00Z');
  const services = [...new Set(vector.ops.flatMap((op) => (op.service === undefined ? [] : [op.service])))];
  await desk.settings.update(system, {
    credits: {
      ...(await desk.settings.get(system)).settings.credits,
      rateCard: Object.fromEntries(services.map((service) => [service, 1])),
    },
  });
  const customer = await desk.customers.create(system, { name: `Vector ${vector.id}` });
  const customerId = customer.id;
  const labels = new Map<string, string>();
  const labelOf = (blockId: string) => [...labels].find(([, id]) => id === blockId)?.[0] ?? blockId;
  const ledger = async () => (await readCreditSnapshot(storage, tenantId, customerId)).entries;

  for (const [index, op] of vector.ops.entries()) {
    const where = `${vector.id} step ${index + 1} (${op.op})`;
    clock.set(op.at);
    const expected = typeof op.expect === 'object' ? op.expect : undefined;
    const call = (): Promise<{ entries: CreditEntry[] }> | null => {
      switch (op.op) {
        case 'grant':
          return desk.credits.grant(system, {
            customerId,
            amount: op.amount as number,
            effectiveAt: op.at,
            expiresAt: op.expiresAt ?? null,
            priority: op.priority ?? 50,
            ...(op.costBasis === undefined ? {} : { costBasis: op.costBasis }),
            idempotencyKey: `grant-${op.block}`,
          });
        case 'consume':
          return desk.credits.consume(system, {
            customerId,
            service: op.service as string,
            quantity: op.amount as number,
            idempotencyKey: op.key as string,
          });
        case 'reserve':
          return desk.credits.reserve(system, {
            customerId,
            service: op.service as string,
            quantity: op.amount as number,
            key: op.key as string,
            ...(op.timeoutHours === undefined ? {} : { timeoutSeconds: op.timeoutHours * 3600 }),
          });
        case 'commit':
          return desk.credits.commit(system, {
            customerId,
            key: op.key as string,
            ...(op.amount === undefined ? {} : { amount: op.amount }),
          });
        case 'void':
          return desk.credits.voidHold(system, { customerId, key: op.key as string });
        default:
          return null;
      }
    };
    if (op.op === 'available') {
      expect((await desk.credits.balance(system, customerId)).available, where).toBe(op.expect);
    } else if (op.op === 'entry') {
      const match = (await ledger()).filter(
        (entry) =>
          entry.type === op.type &&
          labelOf(entry.blockId) === op.block &&
          entry.amount === op.amount &&
          entry.occurredAt.getTime() === new Date(op.at).getTime(),
      );
      expect(match, where).toHaveLength(1);
    } else if (expected?.error !== undefined) {
      const before = (await ledger()).length;
      const entriesBefore = await ledger();
      await expectErrorCode(call() as Promise<unknown>, expected.error);
      const after = await ledger();
      if (expected.entriesWritten !== undefined)
        expect(after.length - before, where).toBe(expected.entriesWritten);
      // A refusal writes nothing of its own: only expiries that came due.
      for (const entry of after.slice(entriesBefore.length))
        expect(['credit_block_expiry', 'hold_expired'], where).toContain(entry.type);
    } else {
      const result = (await call()) as { entries: CreditEntry[]; block?: { id: string } };
      if (op.op === 'grant' && result.block !== undefined) labels.set(op.block as string, result.block.id);
      if (expected?.draws !== undefined) {
        const draws = result.entries
          .filter((entry) => entry.type === 'decrement')
          .map((entry) => [labelOf(entry.blockId), entry.amount]);
        expect(draws, where).toEqual(expected.draws);
      }
    }
    const snapshot = await readCreditSnapshot(storage, tenantId, customerId);
    expect(creditInvariantViolations(snapshot), where).toEqual([]);
  }
}
