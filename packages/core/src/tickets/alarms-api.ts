import { type Actor, actorRef, parseActor, requireStaff } from '../actors';
import { findOrCreateCustomer } from '../customers/customers-api';
import { type DeskContext, newEvent } from '../internal/desk-context';
import { isDone } from '../pipelines/pipeline-rules';
import { RetryCommand } from '../storage/gateway';
import type { Ticket } from '../storage/records';
import { invalidInput, parseInput } from '../validation';
import { assertCustomFieldsValid } from './custom-fields';
import { openTicket, storeMessage } from './new-ticket';
import { nextVersionOf, saveTicket } from './ticket-access';
import { normalizeTags } from './ticket-input-rules';
import { type RaiseAlarmInput, raiseAlarmSchema } from './ticket-schemas';

/**
 * Alarm tickets, raised by the host's monitoring. One dedup key has at most one open ticket:
 * while it is open (not resolved or closed), raising the key again adds an occurrence to it
 * instead of opening a new ticket. Once it is resolved, the next raise opens a new one.
 */
export class AlarmsApi {
  readonly #desk: DeskContext;

  /** @internal */
  constructor(desk: DeskContext) {
    this.#desk = desk;
  }

  /**
   * Raises an alarm. Returns the ticket and whether it was created (false: an occurrence was
   * added). `detail` is stored as an internal system message. Staff only.
   */
  async raise(actor: Actor, input: RaiseAlarmInput): Promise<{ ticket: Ticket; created: boolean }> {
    const who = parseActor(actor);
    requireStaff(who, 'raise alarms');
    const data = parseInput(raiseAlarmSchema, input);
    if ((data.requesterId === undefined) === (data.requester === undefined)) {
      invalidInput(['requesterId'], 'requester_required', 'Give exactly one of requesterId and requester');
    }
    const desk = this.#desk;
    return desk.gateway.command(async (context) => {
      const { tx, record } = context;
      const now = desk.clock.now();
      const actorReference = actorRef(who);
      const detailMessage = (channel: Ticket['channel']) =>
        data.detail === undefined
          ? null
          : {
              body: data.detail,
              visibility: 'internal' as const,
              externalId: null,
              attachments: [],
              author: { kind: 'system' as const, id: null },
              channel,
            };

      const boundId = await tx.alarmKeys.find(who.tenantId, data.dedupKey);
      const bound = boundId === null ? null : await tx.tickets.getForUpdate(who.tenantId, boundId);
      if (bound !== null && bound.alarm !== null && !isDone(bound.statusCategory)) {
        const next = nextVersionOf(bound, now);
        next.alarm = { ...bound.alarm, occurrences: bound.alarm.occurrences + 1, lastOccurredAt: now };
        const detail = detailMessage(bound.channel);
        if (detail !== null) {
          next.messageCount = bound.messageCount + 1;
          await storeMessage(desk, context, bound, next.messageCount, detail, actorReference, now);
        }
        record(
          newEvent(desk, who.tenantId, actorReference, now, 'alarm.repeated', bound.id, {
            dedupKey: data.dedupKey,
            occurrences: next.alarm.occurrences,
            detail: data.detail ?? null,
          }),
        );
        await saveTicket(desk, context, { before: bound, after: next, actor: actorReference, now });
        return { ticket: next, created: false };
      }
      if (boundId !== null) await tx.alarmKeys.release(who.tenantId, data.dedupKey, boundId);

      const { settings } = await desk.settings.loadForCommand(context, who.tenantId);
      const customFields = data.customFields ?? {};
      assertCustomFieldsValid(customFields, settings.customFields);
      const requesterId =
        data.requesterId ??
        (await findOrCreateCustomer(desk, context, who.tenantId, data.requester ?? {}, actorReference, now))
          .customer.id;
      if (
        data.requesterId !== undefined &&
        (await tx.customers.get(who.tenantId, data.requesterId)) === null
      ) {
        invalidInput(['requesterId'], 'unknown_customer', `Customer ${data.requesterId} does not exist`);
      }
      const { ticket } = await openTicket(
        desk,
        context,
        who.tenantId,
        {
          subject: data.subject,
          type: 'alarm',
          priority: data.priority ?? settings.defaultPriority,
          category: null,
          teamId: data.teamId ?? null,
          assigneeId: null,
          tags: normalizeTags(data.tags ?? []),
          // As on create: `null` means "no value" and is not stored.
          customFields: Object.fromEntries(
            Object.entries(customFields).filter(([, value]) => value !== null),
          ),
          channel: 'alarm',
          channelDetail: data.channelDetail ?? null,
          requesterId,
          pipelineId: undefined,
          stageId: undefined,
          parentId: null,
          alarm: { dedupKey: data.dedupKey, occurrences: 1, firstOccurredAt: now, lastOccurredAt: now },
          followUpOf: null,
          message: detailMessage('alarm'),
        },
        actorReference,
        now,
        settings,
      );
      if ((await tx.alarmKeys.bind(who.tenantId, data.dedupKey, ticket.id)) !== 'ok') {
        throw new RetryCommand(`alarm key ${data.dedupKey} bound concurrently`);
      }
      return { ticket, created: true };
    });
  }
}
