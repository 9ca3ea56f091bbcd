import { afterEach, expect } from 'vitest';
import type { GrantCreditsInput } from '../credits/credit-schemas';
import type { CreditSettings } from '../credits/credit-settings';
import { DEFAULT_CREDIT_SETTINGS } from '../credits/credit-settings';
import type { StoragePort } from '../storage/port';
import type { CreditEntry } from '../storage/records';
import { creditInvariantViolations, readCreditSnapshot } from '../testing/credit-invariants';
import { TENANT, type TestDesk, type TestDeskOptions, testDesk } from './desk';

/** A {@link TestDesk} with credit helpers for Carla. */
export interface CreditTestDesk extends TestDesk {
  /** Grants Carla credits (key `grant-<n>` unless given). */
  grant(amount: number, input?: Partial<GrantCreditsInput>): ReturnType<TestDesk['desk']['credits']['grant']>;
  /** Carla's available balance now. */
  available(customerId?: string): Promise<number>;
  /** A customer's whole ledger (Carla's by default), read from storage. */
  entries(customerId?: string): Promise<CreditEntry[]>;
}

const checked: Array<{ storage: StoragePort; overdraftLimit: number }> = [];

/**
 * Checks the ledger invariants of every account of every credit desk the test built: call
 * once at the top of a credit test file. A violation fails the test that caused it.
 */
export function checkCreditInvariantsAfterEach(): void {
  afterEach(async () => {
    const desks = checked.splice(0);
    for (const { storage, overdraftLimit } of desks) {
      for (const account of await storage.creditAccounts.list(TENANT, {
        afterCustomerId: null,
        limit: 1000,
      })) {
        const snapshot = await readCreditSnapshot(storage, TENANT, account.customerId);
        expect(creditInvariantViolations(snapshot, overdraftLimit), account.customerId).toEqual([]);
      }
    }
  });
}

/** A test desk whose tenant has these credit settings (over the defaults), with helpers. */
export async function creditDesk(
  credits: Partial<CreditSettings> = {},
  options: TestDeskOptions = {},
): Promise<CreditTestDesk> {
  const settings = { ...DEFAULT_CREDIT_SETTINGS, ...credits };
  const t = await testDesk({ ...options, settings: { ...options.settings, credits: settings } });
  checked.push({ storage: t.storage, overdraftLimit: settings.overdraftLimit });
  let grants = 0;
  return {
    ...t,
    grant: (amount, input = {}) =>
      t.desk.credits.grant(t.system, {
        customerId: t.carlaId,
        amount,
        idempotencyKey: `grant-${++grants}`,
        ...input,
      }),
    available: async (customerId = t.carlaId) =>
      (await t.desk.credits.balance(t.system, customerId)).available,
    entries: async (customerId = t.carlaId) =>
      (await readCreditSnapshot(t.storage, TENANT, customerId)).entries,
  };
}

/** Entries as `[type, amount]` pairs, for compact assertions. */
export function entryPairs(entries: readonly CreditEntry[]): Array<[string, number]> {
  return entries.map((entry) => [entry.type, entry.amount]);
}
