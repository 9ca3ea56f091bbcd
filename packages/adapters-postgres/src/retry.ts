import { isRetryable } from './driver/sql-driver';

/** How often a transaction runs at most when it keeps failing on serialization or deadlock. */
export const MAX_TRANSACTION_ATTEMPTS = 5;

/**
 * Runs `attempt` again after a serialization failure (40001) or a deadlock (40P01), up to
 * {@link MAX_TRANSACTION_ATTEMPTS} times in all, waiting a jittered, growing delay (about
 * 5, 10, 20, 40 ms) between runs; then the last error is thrown. Other errors are thrown at once.
 * The wait lets the transaction that won get going first: a retry that starts at once can take
 * a row lock before the winner, woken by the rollback, takes it, and deadlock again.
 */
export async function withRetry<T>(attempt: () => Promise<T>): Promise<T> {
  for (let count = 1; ; count++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error) || count >= MAX_TRANSACTION_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, (0.5 + Math.random()) * 5 * 2 ** (count - 1)));
    }
  }
}
