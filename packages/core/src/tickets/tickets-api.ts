import { type Actor, parseActor } from '../actors';
import type { AnyTicketkitEvent } from '../events';
import type { DeskContext } from '../internal/desk-context';
import type { Page } from '../internal/pagination';
import { idSchema } from '../internal/schemas';
import type { Message, Ticket } from '../storage/records';
import { parseInput } from '../validation';
import { assignTicket } from './assign-ticket';
import { createTicket } from './create-ticket';
import type { TicketRelation } from './links';
import { mergeTickets } from './merge-ticket';
import { markRead, type ReadPosition, unreadCounts } from './read-state';
import { linkTickets, listRelations, setParent, splitTicket, unlinkTickets } from './relations';
import { type ReplyResult, replyToTicket } from './reply';
import { getTicket, listMessages, listTickets, ticketHistory } from './ticket-queries';
import type {
  AssignTicketInput,
  CreateTicketInput,
  LinkTicketInput,
  ListTicketsInput,
  MergeTicketInput,
  NoteInput,
  PageInput,
  ReplyInput,
  SetParentInput,
  SplitTicketInput,
  TransitionTicketInput,
  UpdateTicketInput,
} from './ticket-schemas';
import { noteSchema } from './ticket-schemas';
import { transitionTicket } from './transition-ticket';
import { updateTicket } from './update-ticket';

/**
 * Tickets: create, read, list, reply, move through the pipeline, assign, relate, merge.
 *
 * Every method takes the {@link Actor} it runs as. Customers see only tickets they
 * requested (others are `NOT_FOUND`) and never internal notes; they may create tickets and
 * reply publicly. Commands are atomic: a command that fails writes nothing.
 * Commands that change a ticket accept `expectedVersion`; when given and stale, the command
 * fails with `VERSION_CONFLICT`. Without it, concurrent commands are applied one after another.
 * Every method reports failure by rejecting its promise, never by throwing synchronously.
 */
export class TicketsApi {
  readonly #desk: DeskContext;

  /** @internal */
  constructor(desk: DeskContext) {
    this.#desk = desk;
  }

  /**
   * Opens a ticket in the pipeline's entry stage, with a per-tenant number. Staff name the
   * requester (`requesterId`, or `requester` to find-or-create by email/identity); customers
   * are their own requester and may set only customer-facing fields.
   * With `idempotencyKey`, a replay returns the first call's ticket (in its current state);
   * the same key with a different payload is `IDEMPOTENCY_CONFLICT`. An initial message with
   * an `externalId` already stored returns that message's ticket.
   */
  create(actor: Actor, input: CreateTicketInput): Promise<Ticket> {
    // Not async (one frame less on the hottest command): `createTicket` validates the actor
    // and input itself and rejects; only a call without its desk (`this`) can throw here.
    try {
      return createTicket(this.#desk, actor, input);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** A ticket by id. */
  async get(actor: Actor, ticketId: string): Promise<Ticket> {
    return getTicket(this.#desk, parseActor(actor), this.#id(ticketId));
  }

  /**
   * Tickets matching filters, sorted by `createdAt` (default), `updatedAt`, `priority` or
   * `slaDueAt` (breaching soonest first), one page at a time. Pass `nextCursor` back as
   * `cursor` with the same sort and order; pages stay stable while tickets are added.
   * Customers get their own tickets only. SLA figures are brought to the desk clock's now.
   */
  async list(actor: Actor, query: ListTicketsInput = {}): Promise<Page<Ticket>> {
    return listTickets(this.#desk, parseActor(actor), query);
  }

  /** Changes subject, type, priority, category, tags or custom fields (staff). Records what changed. */
  async update(actor: Actor, ticketId: string, input: UpdateTicketInput): Promise<Ticket> {
    return updateTicket(this.#desk, parseActor(actor), this.#id(ticketId), input);
  }

  /** Assigns the ticket to an agent and/or team, or clears them (staff). */
  async assign(actor: Actor, ticketId: string, input: AssignTicketInput): Promise<Ticket> {
    return assignTicket(this.#desk, parseActor(actor), this.#id(ticketId), input);
  }

  /**
   * Moves the ticket to a stage (staff). The pipeline's allowed transitions apply; closed
   * is final (`INVALID_TRANSITION`); a parent cannot be resolved while a child is open.
   */
  async transition(actor: Actor, ticketId: string, input: TransitionTicketInput): Promise<Ticket> {
    return transitionTicket(this.#desk, parseActor(actor), this.#id(ticketId), input);
  }

  /**
   * Adds a message to the thread.
   * - A customer's reply on a pending or resolved ticket reopens it (`reopenCount` + 1).
   * - A customer writing on a closed ticket gets a follow-up ticket linked to it.
   * - A reply to a merged ticket lands on the ticket it was merged into.
   * - An agent's first public reply sets `firstRespondedAt`; a public reply moves a new
   *   ticket to open (or to pending, if the tenant says so); `moveToStageId` moves it anywhere allowed.
   * - A message whose `externalId` is already stored is not stored again (`duplicate: true`).
   *
   * The pipeline's allowed transitions govern `moveToStageId` and `transition`; the automatic
   * moves above (and auto-close and merge) are built-in rules that apply in any pipeline.
   */
  async reply(actor: Actor, ticketId: string, input: ReplyInput): Promise<ReplyResult> {
    return replyToTicket(this.#desk, parseActor(actor), this.#id(ticketId), input);
  }

  /** Adds an internal note, visible to staff only. */
  async addNote(actor: Actor, ticketId: string, input: NoteInput): Promise<ReplyResult> {
    const data = parseInput(noteSchema, input);
    return replyToTicket(this.#desk, parseActor(actor), this.#id(ticketId), {
      ...data,
      visibility: 'internal',
    });
  }

  /** The thread, oldest first, including tickets merged into this one. Customers see public messages only. */
  async messages(actor: Actor, ticketId: string, page: PageInput = {}): Promise<Page<Message>> {
    return listMessages(this.#desk, parseActor(actor), this.#id(ticketId), page);
  }

  /** Everything that happened to the ticket, in order: who, when, what, before and after (staff). */
  async history(actor: Actor, ticketId: string, page: PageInput = {}): Promise<Page<AnyTicketkitEvent>> {
    return ticketHistory(this.#desk, parseActor(actor), this.#id(ticketId), page);
  }

  /** Makes the ticket a child of `parentId`, or detaches it with `null` (staff). Relations are one level deep. */
  async setParent(actor: Actor, ticketId: string, input: SetParentInput): Promise<Ticket> {
    return setParent(this.#desk, parseActor(actor), this.#id(ticketId), input);
  }

  /** Splits a request with several asks: opens child tickets under this one (staff). */
  async split(
    actor: Actor,
    ticketId: string,
    input: SplitTicketInput,
  ): Promise<{ parent: Ticket; children: Ticket[] }> {
    return splitTicket(this.#desk, parseActor(actor), this.#id(ticketId), input);
  }

  /** Links the ticket to another (`related`, `duplicate_of`, `caused_by`, `follow_up_of`); linking twice returns the existing link (staff). */
  async link(actor: Actor, ticketId: string, input: LinkTicketInput): Promise<TicketRelation> {
    return linkTickets(this.#desk, parseActor(actor), this.#id(ticketId), input);
  }

  /** Removes a link of the ticket (staff). */
  async unlink(actor: Actor, ticketId: string, linkId: string): Promise<void> {
    return unlinkTickets(this.#desk, parseActor(actor), this.#id(ticketId), linkId);
  }

  /** The ticket's links, seen from this ticket (staff). */
  async links(actor: Actor, ticketId: string): Promise<TicketRelation[]> {
    return listRelations(this.#desk, parseActor(actor), this.#id(ticketId));
  }

  /**
   * Merges this ticket (the source) into `targetId` (staff): the source is closed as merged,
   * its thread reads as part of the target's, and later replies to it land on the target.
   */
  async merge(
    actor: Actor,
    ticketId: string,
    input: MergeTicketInput,
  ): Promise<{ source: Ticket; target: Ticket }> {
    return mergeTickets(this.#desk, parseActor(actor), this.#id(ticketId), input);
  }

  /**
   * Marks the thread read up to its last message the actor can see (customers and agents;
   * the system has no read state: `FORBIDDEN`). A read position never moves back.
   */
  async markRead(actor: Actor, ticketId: string): Promise<ReadPosition> {
    return markRead(this.#desk, parseActor(actor), ticketId);
  }

  /**
   * For each given ticket the actor can see, how many messages they can read arrived after
   * their read position, not counting their own (capped at 100). Tickets the actor cannot see
   * are left out. Up to 100 ids.
   */
  async unreadCounts(actor: Actor, ticketIds: readonly string[]): Promise<Record<string, number>> {
    return unreadCounts(this.#desk, parseActor(actor), ticketIds);
  }

  #id(ticketId: string): string {
    return parseInput(idSchema, ticketId, 'ticketId');
  }
}
