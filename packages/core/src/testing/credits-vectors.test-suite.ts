import { describe, it } from 'vitest';
import { CREDIT_VECTORS, runCreditVector } from './credit-vectors';
import { newTenantId } from './fixtures';
import { type SuiteContext, testDesk, useGroupStorage } from './suite-context';

/** The public credit vectors (`shared/vectors/credits-public.json`), each on a fresh tenant, over the adapter. */
export function describeCreditVectors(context: SuiteContext): void {
  describe('credit vectors', () => {
    const storage = useGroupStorage(context);
    for (const vector of CREDIT_VECTORS) {
      it(`credits - vector ${vector.id}: ${vector.scenario}`, async () => {
        const { desk, clock } = testDesk(storage());
        await runCreditVector(desk, storage(), clock, newTenantId(), vector);
      });
    }
  });
}
