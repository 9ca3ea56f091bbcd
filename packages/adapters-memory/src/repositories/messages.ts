import {
  compareKeysets,
  type Message,
  type MessageListQuery,
  type MessageRepository,
  messageSortValues,
  type WriteResult,
} from '@ticketkit/core';
import { copyMessage, storedMessage } from '../deep-copy';
import { key, type MemoryState } from '../memory-state';

/** Thread messages in memory, kept per ticket. */
export class MemoryMessages implements MessageRepository {
  constructor(private readonly state: MemoryState) {}

  /** Writes at once, like {@link insert}; a taken id throws, which rolls the transaction back. */
  async insertNew(message: Message): Promise<void> {
    if ((await this.insert(message)) !== 'ok') {
      throw new Error(`Message id ${message.id} is already taken: the id generator repeats itself`);
    }
  }

  async insert(message: Message): Promise<WriteResult> {
    if (
      this.state.messageIds.has(message.tenantId, message.id) ||
      (message.externalId !== null &&
        this.state.messageExternalIds.has(key(message.tenantId, message.externalId)))
    ) {
      return 'duplicate';
    }
    const copy = storedMessage(message);
    this.state.messages.append(message.tenantId, message.ticketId, copy);
    this.state.messageIds.add(message.tenantId, message.id, message.ticketId);
    if (message.externalId !== null)
      this.state.messageExternalIds.set(key(message.tenantId, message.externalId), copy);
    return 'ok';
  }

  async findByExternalId(tenantId: string, externalId: string): Promise<Message | null> {
    const message = this.state.messageExternalIds.get(key(tenantId, externalId));
    return message === undefined ? null : copyMessage(message);
  }

  async list(tenantId: string, query: MessageListQuery): Promise<Message[]> {
    const rows: Message[] = [];
    for (const ticketId of new Set(query.ticketIds)) {
      for (const message of this.state.messages.get(tenantId, ticketId)) {
        if (query.visibility !== undefined && message.visibility !== query.visibility) continue;
        if (
          query.after !== null &&
          compareKeysets({ values: messageSortValues(message), id: message.id }, query.after) <= 0
        )
          continue;
        rows.push(message);
      }
    }
    rows.sort((a, b) =>
      compareKeysets({ values: messageSortValues(a), id: a.id }, { values: messageSortValues(b), id: b.id }),
    );
    return rows.slice(0, query.limit).map(copyMessage);
  }
}
