-- ticketkit schema, version 6: stage categories are a closed set.
--
-- Ticket lists filtered by assignee or team alone read tickets_assignee / tickets_team
-- (tenant, assignee or team, category, created_at, id) as one seek per category, merged in
-- order; that is complete only if no ticket has a category outside this list. Core's
-- StageCategory type is this list; the adapter's STAGE_CATEGORIES must match it.
ALTER TABLE tickets ADD CONSTRAINT tickets_status_category
  CHECK (status_category IN ('new', 'open', 'pending', 'on_hold', 'resolved', 'closed'));
