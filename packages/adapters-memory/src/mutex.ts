/**
 * A FIFO mutex. `acquire` returns nothing when the lock was free (no promise allocated on
 * the uncontended path) and a promise otherwise.
 */
export class Mutex {
  #locked = false;
  readonly #waiters: Array<() => void> = [];

  acquire(): Promise<void> | undefined {
    if (!this.#locked) {
      this.#locked = true;
      return undefined;
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Hands the lock to the next waiter, or frees it. */
  release(): void {
    const next = this.#waiters.shift();
    if (next === undefined) this.#locked = false;
    else next();
  }
}
