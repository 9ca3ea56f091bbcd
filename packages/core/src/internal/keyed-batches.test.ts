import { describe, expect, it } from 'vitest';
import { KeyedBatches } from './keyed-batches';

/** Batches that record what each execute call got and answer each op with `op * 10`. */
function recording(gatherAnswered: boolean, maxBatch = 64) {
  const calls: Array<[string, number[]]> = [];
  const batches = new KeyedBatches<number, number>(
    async (key, ops) => {
      calls.push([key, ops]);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return ops.map((op) => (op < 0 ? { error: new Error(`bad ${op}`) } : { value: op * 10 }));
    },
    { maxBatch, gatherAnswered },
  );
  return { calls, batches };
}

/** A caller that asks for `first`, and for `first + 1` as soon as it has the answer. */
async function askTwice(batches: KeyedBatches<number, number>, first: number): Promise<void> {
  await batches.run('a', first);
  await batches.run('a', first + 1);
}

describe('KeyedBatches', () => {
  it('runs the first operation of a key at once and the ones that wait together, per key, in order', async () => {
    const { calls, batches } = recording(false, 3);
    const results = await Promise.all([
      batches.run('a', 1),
      batches.run('a', 2),
      batches.run('b', 3),
      batches.run('a', 4),
      batches.run('a', 5),
      batches.run('a', 6),
    ]);
    expect(results).toEqual([10, 20, 30, 40, 50, 60]);
    expect(calls).toEqual([
      ['a', [1]],
      ['b', [3]],
      ['a', [2, 4, 5]],
      ['a', [6]],
    ]);
  });

  it('never puts two operations with one distinct value in a batch, and answers each with its own outcome', async () => {
    const { calls, batches } = recording(false);
    const outcomes = await Promise.allSettled([
      batches.run('a', 1, 'k1'),
      batches.run('a', 2, 'k2'),
      batches.run('a', -3, 'k2'),
      batches.run('a', 4, 'k1'),
    ]);
    expect(calls).toEqual([
      ['a', [1]],
      ['a', [2, 4]],
      ['a', [-3]],
    ]);
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : 'rejected'))).toEqual([
      10,
      20,
      'rejected',
      40,
    ]);
  });

  it('fails every operation of a batch whose execute throws, and goes on with the next', async () => {
    let fail = true;
    const batches = new KeyedBatches<number, number>(
      async (_key, ops) => {
        if (fail) {
          fail = false;
          throw new Error('down');
        }
        return ops.map((op) => ({ value: op }));
      },
      { maxBatch: 64, gatherAnswered: false },
    );
    const outcomes = await Promise.allSettled([batches.run('a', 1), batches.run('a', 2)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled']);
  });

  it('gatherAnswered - callers a batch answered and that ask again at once join the next batch', async () => {
    const { calls, batches } = recording(true);
    const { calls: without, batches: plain } = recording(false);
    await Promise.all([askTwice(plain, 10), askTwice(plain, 20), askTwice(plain, 30)]);
    // Without it, 11 finds the key idle for a moment and starts a batch of its own.
    expect(without).toEqual([
      ['a', [10]],
      ['a', [20, 30]],
      ['a', [11]],
      ['a', [21, 31]],
    ]);
    await Promise.all([askTwice(batches, 10), askTwice(batches, 20), askTwice(batches, 30)]);
    // 11 asks again as soon as 10 is answered: it joins 20 and 30, which waited meanwhile.
    expect(calls).toEqual([
      ['a', [10]],
      ['a', [20, 30, 11]],
      ['a', [21, 31]],
    ]);
  });
});
