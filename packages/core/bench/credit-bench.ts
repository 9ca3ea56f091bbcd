/**
 * The credit benchmark, for any storage adapter: `runCreditBench(createStorage, options)`.
 * Runs in one process against one storage; every figure is a rate over a fixed time window,
 * so ratios taken in the same run cancel out the machine's load:
 *
 * - raw insert: one idempotency-key row per transaction through the port (the storage's floor);
 * - consume on one hot account at concurrency 8 (serialized by the account lock);
 * - consume over 1,000 accounts at concurrency 8, and its ratio to the raw insert rate;
 * - balance read on an account with 10 and with 100,000 ledger entries, and their ratio.
 */
import { cpus, loadavg } from 'node:os';
import {
  type CreditEntry,
  createTicketing,
  type StoragePort,
  systemActor,
  type Ticketing,
} from '@ticketkit/core';
import { buildCreditEntry, newTenantId } from '@ticketkit/core/testing';

/** Options of {@link runCreditBench}. */
export interface CreditBenchOptions {
  /** Milliseconds each throughput task runs. */
  timeMs: number;
  /** Concurrent callers of the throughput tasks. */
  concurrency: number;
  /** Ledger length of the long account. */
  longLedger: number;
}

/** One measured task. */
export interface CreditBenchRow {
  task: string;
  opsPerSecond: number;
  meanMicros: number;
}

/** Runs `operation` from `concurrency` loops for `timeMs`; returns completions per second and mean latency. */
async function throughput(
  timeMs: number,
  concurrency: number,
  operation: (worker: number, round: number) => Promise<unknown>,
): Promise<{ opsPerSecond: number; meanMicros: number }> {
  let done = 0;
  let busy = 0;
  const deadline = performance.now() + timeMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let round = 0; performance.now() < deadline; round++) {
        const begin = performance.now();
        await operation(worker, round);
        busy += performance.now() - begin;
        done++;
      }
    }),
  );
  const elapsed = performance.now() - started;
  return { opsPerSecond: (done / elapsed) * 1000, meanMicros: (busy / done) * 1000 };
}

async function tenantWithCustomers(
  desk: Ticketing,
  count: number,
): Promise<{ tenantId: string; ids: string[] }> {
  const tenantId = newTenantId();
  const system = systemActor(tenantId);
  const credits = (await desk.settings.get(system)).settings.credits;
  await desk.settings.update(system, {
    credits: { ...credits, rateCard: { chat_question: 1 }, expiringNoticeDays: null },
  });
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const customer = await desk.customers.create(system, { name: `Customer ${index}` });
    await desk.credits.grant(system, {
      customerId: customer.id,
      amount: 1_000_000_000,
      idempotencyKey: `g${index}`,
    });
    ids.push(customer.id);
  }
  return { tenantId, ids };
}

/**
 * Gives a customer `length` ledger entries quickly, through the port: one block, `length - 1`
 * decrements appended in batches, the block and account set to the fold, so the ledger
 * invariants hold as if each entry had been a consume.
 */
async function lengthenLedger(storage: StoragePort, tenantId: string, customerId: string, length: number) {
  const account = await storage.creditAccounts.get(tenantId, customerId);
  const [block] = await storage.creditBlocks.listOpen(tenantId, customerId);
  if (account === null || block === undefined || account.lastSeq !== 1) throw new Error('expected one grant');
  let seq = 1;
  let balance = account.balance;
  while (seq < length) {
    const batch: CreditEntry[] = [];
    for (let index = 0; index < 1000 && seq < length; index++) {
      seq++;
      batch.push(
        buildCreditEntry(tenantId, customerId, seq, {
          type: 'decrement',
          blockId: block.id,
          amount: 1,
          holdId: null,
          refersTo: null,
          balanceBefore: balance,
          balanceAfter: balance - 1,
          occurredAt: account.updatedAt,
          recordedAt: account.updatedAt,
        }),
      );
      balance--;
    }
    const spent = seq - 1;
    await storage.transaction(async (tx) => {
      await tx.creditAccounts.lock(tenantId, customerId, account.updatedAt);
      const written = await tx.creditLedger.write({
        account: { ...account, lastSeq: seq, balance, posted: account.posted + spent },
        newBlocks: [],
        changedBlocks: [{ ...block, remaining: block.remaining - spent }],
        newHolds: [],
        changedHolds: [],
        entries: batch,
      });
      if (written !== 'ok') throw new Error(`write failed: ${written}`);
    });
  }
}

/** Runs every credit task on a storage from `createStorage` and prints a Markdown table and the ratios. */
export async function runCreditBench(
  label: string,
  createStorage: () => Promise<StoragePort>,
  options: CreditBenchOptions,
): Promise<CreditBenchRow[]> {
  const storage = await createStorage();
  const desk = createTicketing({ storage, logger: { error: () => {}, warn: () => {} } });
  const rows: CreditBenchRow[] = [];
  const { timeMs, concurrency } = options;
  const cpu = cpus();
  console.log(
    `credits on ${label}: node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'})`,
  );
  console.log(
    `load average before: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  console.log(`${timeMs} ms per throughput task, concurrency ${concurrency}\n`);

  const rawTenant = newTenantId();
  const raw = await throughput(timeMs, concurrency, (worker, round) =>
    storage.transaction((tx) =>
      tx.idempotency.insert({
        tenantId: rawTenant,
        scope: 'bench',
        key: `${worker}-${round}`,
        fingerprint: 'f',
        result: null,
        createdAt: new Date(),
      }),
    ),
  );
  rows.push({ task: 'raw insert: one row (an idempotency key) per transaction', ...raw });

  const hot = await tenantWithCustomers(desk, 1);
  const hotSystem = systemActor(hot.tenantId);
  const hotCustomer = hot.ids[0] as string;
  const hotRate = await throughput(timeMs, concurrency, (worker, round) =>
    desk.credits.consume(hotSystem, {
      customerId: hotCustomer,
      service: 'chat_question',
      idempotencyKey: `hot-${worker}-${round}`,
    }),
  );
  rows.push({ task: `consume, one hot account, concurrency ${concurrency}`, ...hotRate });

  const spread = await tenantWithCustomers(desk, 1000);
  const spreadSystem = systemActor(spread.tenantId);
  const spreadRate = await throughput(timeMs, concurrency, (worker, round) =>
    desk.credits.consume(spreadSystem, {
      customerId: spread.ids[(round * concurrency + worker) % spread.ids.length] as string,
      service: 'chat_question',
      idempotencyKey: `spread-${worker}-${round}`,
    }),
  );
  rows.push({ task: `consume over 1,000 accounts, concurrency ${concurrency}`, ...spreadRate });

  const reads = await tenantWithCustomers(desk, 2);
  const readSystem = systemActor(reads.tenantId);
  const [short, long] = reads.ids as [string, string];
  await lengthenLedger(storage, reads.tenantId, short, 10);
  await lengthenLedger(storage, reads.tenantId, long, options.longLedger);
  // After a warm-up, three rounds, alternating, each on a collected heap; the best round of each counts, so a
  // burst of load or a collection during one window does not decide the comparison.
  const best = new Map<string, { opsPerSecond: number; meanMicros: number }>();
  for (let warm = 0; warm < 2000; warm++)
    await desk.credits.balance(readSystem, warm % 2 === 0 ? short : long);
  for (let round = 0; round < 3; round++) {
    for (const customerId of [short, long]) {
      (globalThis as { gc?: () => void }).gc?.();
      const read = await throughput(timeMs / 2, 1, () => desk.credits.balance(readSystem, customerId));
      const previous = best.get(customerId);
      if (previous === undefined || read.opsPerSecond > previous.opsPerSecond) best.set(customerId, read);
    }
  }
  for (const [customerId, length] of [
    [short, 10],
    [long, options.longLedger],
  ] as const) {
    rows.push({
      task: `balance read, ${length.toLocaleString('en-US')} ledger entries`,
      ...(best.get(customerId) as { opsPerSecond: number; meanMicros: number }),
    });
  }

  console.log('| Task | ops/s | mean (µs) |');
  console.log('| --- | ---: | ---: |');
  for (const row of rows)
    console.log(
      `| ${row.task} | ${Math.round(row.opsPerSecond).toLocaleString('en-US')} | ${row.meanMicros.toFixed(1)} |`,
    );
  const shortRead = rows.at(-2) as CreditBenchRow;
  const longRead = rows.at(-1) as CreditBenchRow;
  console.log(
    `\nconsume over 1,000 accounts / raw insert: ${((spreadRate.opsPerSecond / raw.opsPerSecond) * 100).toFixed(0)}%`,
  );
  console.log(
    `balance read cost at ${options.longLedger.toLocaleString('en-US')} / at 10 entries: ${(longRead.meanMicros / shortRead.meanMicros).toFixed(2)}x`,
  );
  console.log(
    `load average after: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  await storage.close?.();
  return rows;
}
