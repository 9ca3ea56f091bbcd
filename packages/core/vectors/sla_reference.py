"""Independent reference for ticketkit's own SLA vectors (sla-own.json).

Computes due instants with Python's zoneinfo, not with ticketkit's code, so the vectors
check the TypeScript implementation against a second implementation of the same rules:

- working intervals are local wall-clock times; a nonexistent local time is read with the
  offset before the transition (it moves forward by the gap), an ambiguous one takes its
  first occurrence (zoneinfo fold=0 does both);
- business time is real elapsed time inside the union of working intervals, minus pauses;
- 0 minutes snaps to the next working instant; a due time on an interval's end stays there.

Run: python3 packages/core/vectors/sla_reference.py > packages/core/vectors/sla-own.json
"""

import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
UTC = timezone.utc


def parse(instant):
    return datetime.fromisoformat(instant.replace("Z", "+00:00"))


def iso(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_instant(zone, day, hhmm):
    hours, minutes = int(hhmm[:2]), int(hhmm[3:])
    base = datetime(day.year, day.month, day.day, tzinfo=zone) if hours < 24 else None
    if hours == 24:
        following = day + timedelta(days=1)
        return datetime(following.year, following.month, following.day, tzinfo=zone).astimezone(UTC)
    return base.replace(hour=hours, minute=minutes, fold=0).astimezone(UTC)


def day_intervals(vector, zone, day):
    key = day.isoformat()
    overrides = vector.get("overrides", {})
    if key in overrides:
        pairs = overrides[key]
    elif key in vector["holidays"]:
        pairs = []
    else:
        pairs = vector["hours"].get(DAYS[day.weekday()], [])
    start = local_instant(zone, day, "00:00")
    end = max(start, local_instant(zone, day, "24:00"))
    spans = []
    for a, b in pairs:
        s = max(start, local_instant(zone, day, a))
        e = min(end, local_instant(zone, day, b))
        if e > s:
            spans.append((s, e))
    return sorted(spans)


def working_spans(vector, start):
    zone = ZoneInfo(vector["tz"])
    day = start.astimezone(zone).date() - timedelta(days=1)
    for _ in range(40000):
        for span in day_intervals(vector, zone, day):
            yield span
        day += timedelta(days=1)


def minus_pauses(spans, pauses):
    for s, e in spans:
        pieces = [(s, e)]
        for ps, pe in pauses:
            next_pieces = []
            for a, b in pieces:
                if pe <= a or ps >= b:
                    next_pieces.append((a, b))
                    continue
                if ps > a:
                    next_pieces.append((a, ps))
                if pe < b:
                    next_pieces.append((pe, b))
            pieces = next_pieces
        yield from pieces


def due(vector):
    start = parse(vector["start"])
    remaining = timedelta(minutes=vector["business_minutes"])
    pauses = [(parse(a), parse(b)) for a, b in vector["pauses"]]
    cursor = start
    for s, e in minus_pauses(working_spans(vector, start), pauses):
        if e <= cursor:
            continue
        s = max(s, cursor)
        if remaining <= e - s:
            return iso(s + remaining)
        remaining -= e - s
        cursor = e
    raise RuntimeError("no due time")


WEEKDAYS_9_17 = {day: [["09:00", "17:00"]] for day in DAYS[:5]}
ALL_DAY = {day: [["00:00", "24:00"]] for day in DAYS}
SUNDAY_ALL_DAY = {"sun": [["00:00", "24:00"]]}
SPLIT = {day: [["08:00", "12:00"], ["13:00", "17:00"]] for day in DAYS[:5]}


def case(id, tz, hours, start, minutes, source, holidays=(), pauses=(), overrides=None):
    vector = {
        "id": id,
        "tz": tz,
        "hours": hours,
        "holidays": list(holidays),
        "pauses": [list(p) for p in pauses],
        "start": start,
        "business_minutes": minutes,
        "source": source,
    }
    if overrides is not None:
        vector["overrides"] = overrides
    vector["due"] = due(vector)
    return vector


CASES = [
    # Daylight saving: whole-day windows gain or lose the changed hour.
    case("ny-spring-day-23h", "America/New_York", SUNDAY_ALL_DAY, "2024-03-10T05:00:00Z", 1380,
         "New York spring-forward Sunday has 23 working hours; due at its end"),
    case("ny-spring-day-overflow", "America/New_York", SUNDAY_ALL_DAY, "2024-03-10T05:00:00Z", 1440,
         "the 24th hour lands on the next Sunday"),
    case("ny-fall-day-25h", "America/New_York", SUNDAY_ALL_DAY, "2024-11-03T04:00:00Z", 1500,
         "New York fall-back Sunday has 25 working hours"),
    case("ny-gap-window", "America/New_York", {"sun": [["01:00", "04:00"]]}, "2024-03-10T06:00:00Z", 120,
         "01:00-04:00 on spring-forward night is two real hours"),
    case("ny-gap-window-overflow", "America/New_York", {"sun": [["01:00", "04:00"]]}, "2024-03-10T06:00:00Z", 121,
         "one minute more moves to the next Sunday"),
    case("ny-nonexistent-start", "America/New_York", {"sun": [["02:30", "05:00"]]}, "2024-03-10T05:00:00Z", 0,
         "02:30 does not exist; the window opens at 03:30 EDT"),
    case("ny-nonexistent-start-60", "America/New_York", {"sun": [["02:30", "05:00"]]}, "2024-03-10T05:00:00Z", 90,
         "03:30-05:00 EDT is 90 minutes"),
    case("ny-ambiguous-start", "America/New_York", {"sun": [["01:30", "03:00"]]}, "2024-11-03T05:00:00Z", 150,
         "01:30 is taken at its first (EDT) occurrence: 01:30 EDT-03:00 EST is 150 minutes"),
    case("ny-ambiguous-end", "America/New_York", {"sun": [["00:00", "01:30"]]}, "2024-11-03T04:00:00Z", 90,
         "a window ending at an ambiguous 01:30 ends at its first occurrence"),
    case("ny-ambiguous-end-overflow", "America/New_York", {"sun": [["00:00", "01:30"]]}, "2024-11-03T04:00:00Z", 91,
         "the repeated half hour is not working time"),
    case("berlin-spring-night", "Europe/Berlin", {"sun": [["00:00", "06:00"]]}, "2024-03-30T23:00:00Z", 300,
         "Berlin 00:00-06:00 on 2024-03-31 is five real hours"),
    case("berlin-fall-night", "Europe/Berlin", {"sun": [["00:00", "06:00"]]}, "2024-10-26T22:00:00Z", 420,
         "Berlin 00:00-06:00 on 2024-10-27 is seven real hours"),
    case("berlin-weekday-across-spring", "Europe/Berlin", WEEKDAYS_9_17, "2024-03-29T15:00:00Z", 120,
         "Friday 16:00 CET + 2h: one hour Friday, one hour Monday 09:00 CEST"),
    case("sydney-april-day", "Australia/Sydney", {"sun": [["00:00", "12:00"]]}, "2024-04-06T13:00:00Z", 780,
         "Sydney DST ends 2024-04-07: 00:00-12:00 is 13 real hours"),
    case("sydney-october-day", "Australia/Sydney", {"sun": [["00:00", "12:00"]]}, "2024-10-05T14:00:00Z", 660,
         "Sydney DST starts 2024-10-06: 00:00-12:00 is 11 real hours"),
    case("lord-howe-april-day", "Australia/Lord_Howe", {"sun": [["00:00", "12:00"]]}, "2024-04-06T13:00:00Z", 750,
         "Lord Howe has a 30-minute DST: 00:00-12:00 on 2024-04-07 is 12.5 hours"),
    case("lord-howe-october-day", "Australia/Lord_Howe", {"sun": [["00:00", "12:00"]]}, "2024-10-05T13:30:00Z", 690,
         "Lord Howe 00:00-12:00 on 2024-10-06 is 11.5 hours"),
    case("lord-howe-nonexistent", "Australia/Lord_Howe", {"sun": [["02:15", "03:00"]]}, "2024-10-05T15:00:00Z", 15,
         "02:15 is skipped; it moves forward 30 minutes to 02:45, leaving 15 working minutes"),
    case("santiago-midnight-gap", "America/Santiago", ALL_DAY, "2024-09-07T20:00:00Z", 600,
         "Chile springs forward at local midnight (24:00 -> 01:00) on 2024-09-08"),
    case("sao-paulo-no-dst", "America/Sao_Paulo", WEEKDAYS_9_17, "2024-11-01T19:00:00Z", 120,
         "Brazil abolished DST: Friday 16:00 -03 + 2h = Monday 10:00 -03"),
    # Holidays, including on weekends.
    case("holiday-on-saturday", "Europe/London", {**WEEKDAYS_9_17, "sat": [["10:00", "14:00"]]},
         "2024-12-27T16:00:00Z", 180, "a Saturday holiday (2024-12-28) closes the Saturday hours",
         holidays=["2024-12-28"]),
    case("holiday-on-sunday-ignored", "Europe/London", WEEKDAYS_9_17, "2024-12-27T16:00:00Z", 120,
         "a holiday on a closed Sunday changes nothing", holidays=["2024-12-29"]),
    case("holiday-run", "Europe/London", WEEKDAYS_9_17, "2024-12-24T16:00:00Z", 120,
         "Christmas and Boxing Day off: Tue 16:00 + 2h = Fri 10:00",
         holidays=["2024-12-25", "2024-12-26"]),
    case("override-short-day", "Europe/London", WEEKDAYS_9_17, "2024-12-24T08:00:00Z", 300,
         "Christmas Eve override 09:00-12:00, then the next working day",
         holidays=["2024-12-25", "2024-12-26"], overrides={"2024-12-24": [["09:00", "12:00"]]}),
    case("override-opens-holiday", "Europe/London", WEEKDAYS_9_17, "2024-12-25T08:00:00Z", 60,
         "an override on a holiday gives it hours", holidays=["2024-12-25"],
         overrides={"2024-12-25": [["10:00", "11:00"]]}),
    case("override-closes-day", "Europe/London", WEEKDAYS_9_17, "2024-12-23T08:00:00Z", 60,
         "an empty override closes a weekday", overrides={"2024-12-23": []}),
    # Split days.
    case("split-lunch", "Europe/Paris", SPLIT, "2024-06-03T09:30:00Z", 60,
         "11:30 local + 1h skips lunch: 13:30"),
    case("split-lands-on-lunch", "Europe/Paris", SPLIT, "2024-06-03T09:30:00Z", 30,
         "11:30 + 30 min lands on 12:00, the end of the morning, and stays there"),
    case("split-from-lunch", "Europe/Paris", SPLIT, "2024-06-03T10:30:00Z", 0,
         "0 minutes during lunch snaps to 13:00"),
    # Start at or after closing.
    case("start-at-closing", "America/Chicago", WEEKDAYS_9_17, "2024-06-03T22:00:00Z", 60,
         "17:00 CDT is closing; the hour is counted from Tuesday 09:00"),
    case("start-at-closing-zero", "America/Chicago", WEEKDAYS_9_17, "2024-06-03T22:00:00Z", 0,
         "0 minutes at closing snaps to the next opening"),
    case("start-after-closing-friday", "America/Chicago", WEEKDAYS_9_17, "2024-06-07T23:30:00Z", 30,
         "Friday evening: Monday 09:30"),
    case("land-on-closing", "America/Chicago", WEEKDAYS_9_17, "2024-06-03T21:00:00Z", 60,
         "16:00 + 60 min is 17:00, the interval's end, and stays there"),
    # Long spans.
    case("long-3-months", "Europe/Berlin", WEEKDAYS_9_17, "2024-01-02T08:00:00Z", 480 * 65,
         "65 working days of 8 hours from 2024-01-02 09:00 CET, across spring DST",
         holidays=["2024-03-29", "2024-04-01"]),
    case("long-1-year", "America/New_York", WEEKDAYS_9_17, "2024-01-02T14:00:00Z", 480 * 250,
         "250 working days of 8 hours, across both DST changes",
         holidays=["2024-07-04", "2024-12-25"]),
    case("always-midnight-window-week", "Asia/Kolkata", ALL_DAY, "2024-05-01T00:00:00Z", 7 * 1440,
         "every day 00:00-24:00 in a zone without DST is a plain week"),
    # Pauses.
    case("pause-across-night", "UTC", WEEKDAYS_9_17, "2024-06-03T16:00:00Z", 120,
         "a pause from 16:30 Monday to 10:00 Tuesday",
         pauses=[["2024-06-03T16:30:00Z", "2024-06-04T10:00:00Z"]]),
    case("pause-ends-at-due", "UTC", WEEKDAYS_9_17, "2024-06-03T09:00:00Z", 60,
         "overlapping pauses merge", pauses=[["2024-06-03T09:10:00Z", "2024-06-03T09:40:00Z"],
                                             ["2024-06-03T09:30:00Z", "2024-06-03T09:50:00Z"]]),
]

if __name__ == "__main__":
    print(json.dumps(CASES, indent=1))
