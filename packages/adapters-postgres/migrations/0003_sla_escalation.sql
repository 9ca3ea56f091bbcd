-- ticketkit schema, version 3: SLA clocks and escalation counts on tickets.
--
-- Runs with search_path set to the target schema: never qualify a table here.

ALTER TABLE tickets
  -- the ticket's SLA record (core's TicketSla) as given, null while no SLA policy applied.
  ADD COLUMN sla jsonb,
  -- the earliest due time of a running SLA clock, null when none runs.
  ADD COLUMN sla_due_at timestamptz,
  -- the slaDueAt sort value written by the adapter: sla_due_at in epoch milliseconds, or
  -- 2^53 - 1 without a running clock (last ascending, first descending, as core's reference).
  ADD COLUMN sla_due_sort bigint NOT NULL DEFAULT 9007199254740991,
  -- sla->'breached', written by the adapter, so the breached filter reads a plain column.
  ADD COLUMN sla_breached boolean NOT NULL DEFAULT false,
  ADD COLUMN escalation_count integer NOT NULL DEFAULT 0;

-- "Breaching soonest first", alone and behind the category filter of an inbox.
CREATE INDEX tickets_sla_due ON tickets (tenant_id, sla_due_sort, created_at, id);
CREATE INDEX tickets_category_sla_due ON tickets (tenant_id, status_category, sla_due_sort, created_at, id);
