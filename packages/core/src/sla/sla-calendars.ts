import type { BusinessCalendar } from './business-calendar';
import type { SlaSettings } from './sla-settings';

const calendarMaps = new WeakMap<SlaSettings, Map<string, BusinessCalendar>>();

/**
 * The calendars of an SLA configuration by id. Cached per configuration object (settings
 * are parsed once per version), so the calendars keep their identity and compile once.
 */
export function calendarsById(sla: SlaSettings): ReadonlyMap<string, BusinessCalendar> {
  let calendars = calendarMaps.get(sla);
  if (calendars === undefined) {
    calendars = new Map(sla.calendars.map((named) => [named.id, named.calendar]));
    calendarMaps.set(sla, calendars);
  }
  return calendars;
}
