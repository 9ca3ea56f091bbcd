-- ticketkit schema, version 7: a ticket's history is read in append order (position).
--
-- The feed is read in (xid, position) order; a ticket's events are read by position (the
-- order their ticket's changes applied, under its row lock), so their index sorts by it.
DROP INDEX events_ticket;
CREATE INDEX events_ticket ON events (tenant_id, ticket_id, position) WHERE ticket_id IS NOT NULL;
