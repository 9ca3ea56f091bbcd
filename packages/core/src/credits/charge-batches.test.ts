import { describe, expect, it } from 'vitest';
import { checkCreditInvariantsAfterEach, creditDesk, instrumentedStorage } from '../test-support';

checkCreditInvariantsAfterEach();

const RATES = { chat_question: 1 };

/** A credit desk that counts committed transactions and can fail the next ledger writes. */
async function countingDesk() {
  const counts = { commits: 0, failLedgerWrites: 0 };
  const t = await creditDesk(
    { rateCard: RATES, lowBalanceThreshold: null },
    {
      storage: (memory) =>
        instrumentedStorage(memory, {
          beforeCall: ({ repository, method }) => {
            if (repository === 'creditLedger' && method === 'write' && counts.failLedgerWrites > 0) {
              counts.failLedgerWrites -= 1;
              throw new Error('connection reset');
            }
          },
          afterCommit: () => {
            counts.commits += 1;
          },
        }),
    },
  );
  const consume = (key: string) =>
    t.desk.credits.consume(t.system, {
      customerId: t.carlaId,
      service: 'chat_question',
      idempotencyKey: key,
    });
  return { t, counts, consume };
}

describe('credit operations of one account on one desk', () => {
  it('consume - concurrent charges share transactions, each applied in turn with gapless sequences', async () => {
    const { t, counts, consume } = await countingDesk();
    await t.grant(100);
    counts.commits = 0;
    const results = await Promise.all(Array.from({ length: 10 }, (_, index) => consume(`q-${index}`)));
    // The first runs alone; the nine that came while it ran share the next transaction.
    expect(counts.commits).toBe(2);
    expect(
      results.map(({ entries }) => entries.map((entry) => [entry.type, entry.amount, entry.balanceAfter])),
    ).toEqual(Array.from({ length: 10 }, (_, index) => [['decrement', 1, 99 - index]]));
    expect(results.map(({ entries }) => entries[0]?.idempotencyKey)).toEqual(
      Array.from({ length: 10 }, (_, index) => `q-${index}`),
    );
    expect(await t.available()).toBe(90);
    const consumed = (await t.storedEvents()).filter((event) => event.type === 'credits.consumed');
    expect(consumed.map((event) => event.data.key)).toEqual(
      Array.from({ length: 10 }, (_, index) => `q-${index}`),
    );
  });

  it('consume - a charge refused in a shared transaction leaves no trace; the others commit', async () => {
    const { t, consume } = await countingDesk();
    await t.grant(3);
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, index) => consume(`q-${index}`)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
    ]);
    for (const outcome of outcomes.slice(3)) {
      expect(outcome).toMatchObject({ reason: { code: 'INSUFFICIENT_CREDITS' } });
    }
    const entries = await t.entries();
    expect(entries.map((entry) => [entry.seq, entry.type, entry.idempotencyKey])).toEqual([
      [1, 'increment', 'grant-1'],
      [2, 'decrement', 'q-0'],
      [3, 'decrement', 'q-1'],
      [4, 'decrement', 'q-2'],
    ]);
    // A refused charge's key stays free: a later charge with it runs once credits are back.
    await t.grant(1);
    expect((await consume('q-3')).entries).toHaveLength(1);
  });

  it('consume - the same key twice in one wait: the second goes to the next transaction and replays the first', async () => {
    const { t, counts, consume } = await countingDesk();
    await t.grant(10);
    counts.commits = 0;
    const [, first, other, again] = await Promise.all([
      consume('q-0'),
      consume('q-1'),
      consume('q-2'),
      consume('q-1'),
    ]);
    expect(again).toEqual(first);
    expect(other?.entries[0]?.idempotencyKey).toBe('q-2');
    expect(await t.available()).toBe(7);
    // q-0 alone, then q-1 and q-2 together, then the second q-1 (a replay).
    expect(counts.commits).toBe(3);
  });

  it('consume - a shared transaction that fails as a whole runs each charge again alone', async () => {
    const { t, counts, consume } = await countingDesk();
    await t.grant(10);
    const started = consume('q-0');
    const waiting = Array.from({ length: 4 }, (_, index) => consume(`q-${index + 1}`));
    await started;
    // The batch of four fails once at its ledger write; then each runs alone.
    counts.failLedgerWrites = 1;
    counts.commits = 0;
    const results = await Promise.all(waiting);
    expect(counts.commits).toBe(4);
    expect(results.map(({ entries }) => entries[0]?.idempotencyKey)).toEqual(['q-1', 'q-2', 'q-3', 'q-4']);
    expect(await t.available()).toBe(5);
  });
});
