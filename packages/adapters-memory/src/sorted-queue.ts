import { compareKeysets, type Keyset } from '@ticketkit/core';
import type { UndoLog } from './undo-log';

/** A queue position: the entry's keyset (`[priorityRank, ticketCreatedAt ms]`, ticket id). */
export type QueuePosition = Keyset;

/**
 * Keysets kept in ascending order, with inserts and removals recorded in an undo log.
 * Binary search finds a position; a splice moves the tail, which is fast for the queue
 * sizes an in-process store holds.
 */
export class SortedQueue {
  readonly items: QueuePosition[] = [];
  readonly #log: UndoLog;

  constructor(log: UndoLog) {
    this.#log = log;
  }

  /** Inserts a position (positions are unique by id). */
  insert(position: QueuePosition): void {
    const index = this.#lowerBound(position);
    this.items.splice(index, 0, position);
    this.#log.push(() => {
      this.items.splice(this.#lowerBound(position), 1);
    });
  }

  /** Removes a position that is present. */
  remove(position: QueuePosition): void {
    const index = this.#lowerBound(position);
    const found = this.items[index];
    if (found === undefined || found.id !== position.id) return;
    this.items.splice(index, 1);
    this.#log.push(() => {
      this.items.splice(this.#lowerBound(found), 0, found);
    });
  }

  /** Index of the first position strictly after `after` (0 for null). */
  firstAfter(after: QueuePosition | null): number {
    if (after === null) return 0;
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareKeysets(this.items[middle] as QueuePosition, after) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #lowerBound(position: QueuePosition): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareKeysets(this.items[middle] as QueuePosition, position) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
