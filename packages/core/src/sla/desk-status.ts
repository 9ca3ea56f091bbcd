import { z } from 'zod';
import { channelSchema, idSchema, prioritySchema, slugSchema } from '../internal/schemas';
import type { JsonObject } from '../json';
import type { TenantSettings } from '../settings/tenant-settings';
import type { Channel, Priority, Ticket } from '../storage/records';
import { addBusinessTime } from './add-business-time';
import { ALWAYS_OPEN_CALENDAR, type BusinessCalendar, minutesOfDay, WEEKDAYS } from './business-calendar';
import { compileCalendar } from './compiled-calendar';
import { isWorkingTime } from './is-working-time';
import { calendarsById } from './sla-calendars';
import { applicablePolicy, goalOf } from './sla-policy-match';
import { WorkingSegments } from './working-segments';

/** Input of `sla.deskStatus`: the new ticket to predict for (every field optional). */
export const deskStatusQuerySchema = z.strictObject({
  /** Default `web_form` (the support widget's channel). */
  channel: channelSchema.optional(),
  /** Default: the tenant's `defaultPriority`. */
  priority: prioritySchema.optional(),
  category: slugSchema.nullable().optional(),
  /** Whose ticket (their attributes may select the policy); a customer actor is always themself. */
  customerId: idSchema.optional(),
});

/** Input of `sla.deskStatus`. */
export type DeskStatusQuery = z.input<typeof deskStatusQuerySchema>;

/** One weekly working interval, local time of the calendar. */
export interface OpeningHours {
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** `HH:MM`, local. */
  from: string;
  /** `HH:MM`, local; `24:00` is the end of the day. */
  to: string;
}

/**
 * Whether the desk works now and what a customer opening a ticket can expect, from the
 * tenant's SLA settings: the policy a new ticket would get (first match), its business
 * calendar (else the tenant's first calendar) and its first-response goal.
 */
export interface DeskStatus {
  /** Whether `at` is working time of the calendar; true without business hours (24/7). */
  open: boolean;
  /** The calendar's IANA time zone; null without business hours. */
  timeZone: string | null;
  /** The weekly working intervals (holidays and overrides are in `open` and `nextChangeAt`); empty without business hours. */
  hours: OpeningHours[];
  /** The next opening (when closed) or closing (when open); null when it never changes within two weeks. */
  nextChangeAt: Date | null;
  /** The first-response goal of the new ticket, in minutes of its target's hours; null when none applies. */
  firstResponseMinutes: number | null;
  /** When that goal runs out for a ticket opened at `at` (counting only working time when the target does). */
  expectedReplyBy: Date | null;
}

/** How far {@link deskStatusOf} looks for the next change of an open desk: 14 working segments. */
const SEGMENT_LOOKAHEAD = 14;

/**
 * The desk status at `at` for a new ticket; null when the tenant has neither a business
 * calendar nor a policy with a first-response goal for it (nothing to tell a customer).
 */
export function deskStatusOf(
  settings: TenantSettings,
  at: Date,
  ticket: { channel: Channel; priority: Priority; category: string | null },
  requesterAttributes: JsonObject,
): DeskStatus | null {
  const sla = settings.sla;
  const prospective = {
    ...ticket,
    type: settings.ticketTypes[0] as string,
    teamId: null,
    tags: [],
  } as unknown as Ticket;
  const policy = applicablePolicy(sla, prospective, requesterAttributes);
  const calendars = calendarsById(sla);
  const calendarId = policy?.calendarId ?? sla.calendars[0]?.id ?? null;
  const calendar = calendarId === null ? null : (calendars.get(calendarId) ?? null);
  const goal = goalOf(policy, ticket.priority, 'first_response');
  if (calendar === null && goal === null) return null;
  const goalCalendar =
    goal === null || goal.calendarId === null
      ? ALWAYS_OPEN_CALENDAR
      : (calendars.get(goal.calendarId) ?? ALWAYS_OPEN_CALENDAR);
  const hoursOf = calendar ?? ALWAYS_OPEN_CALENDAR;
  return {
    open: isWorkingTime(at, hoursOf),
    timeZone: hoursOf.mode === 'business_hours' ? hoursOf.timeZone : null,
    hours: weeklyHours(hoursOf),
    nextChangeAt: nextChange(hoursOf, at),
    firstResponseMinutes: goal?.minutes ?? null,
    expectedReplyBy: goal === null ? null : addBusinessTime(at, goal.minutes, goalCalendar),
  };
}

function weeklyHours(calendar: BusinessCalendar): OpeningHours[] {
  if (calendar.mode !== 'business_hours') return [];
  return WEEKDAYS.flatMap((day, weekday) =>
    [...(calendar.weekly[day] ?? [])]
      .sort((a, b) => minutesOfDay(a.start) - minutesOfDay(b.start))
      .map((interval) => ({ weekday, from: interval.start, to: interval.end })),
  );
}

/** The next instant after `at` at which the calendar opens or closes; null for 24/7 or beyond the lookahead. */
function nextChange(calendar: BusinessCalendar, at: Date): Date | null {
  if (calendar.mode !== 'business_hours') return null;
  const now = at.getTime();
  const segments = new WorkingSegments(compileCalendar(calendar), now, []);
  segments.next();
  if (segments.segmentStart > now) return new Date(segments.segmentStart);
  // Open: working segments that touch (an interval to 24:00, the next from 00:00) are one stretch.
  let end = segments.segmentEnd;
  for (let step = 0; step < SEGMENT_LOOKAHEAD; step++) {
    segments.next();
    if (segments.segmentStart > end) return new Date(end);
    end = segments.segmentEnd;
  }
  return null;
}
