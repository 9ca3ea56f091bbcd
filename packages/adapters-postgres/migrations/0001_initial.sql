-- ticketkit schema, version 1: the tables of the storage port as of the foundation.
--
-- Runs with search_path set to the target schema (default "ticketkit"): never qualify a
-- table here. Every table is keyed by (tenant_id, ...) and every index starts with
-- tenant_id, so the tables can be distributed by tenant_id (Citus). Ids compare by code
-- unit (binary order), hence COLLATE "C" on every id column. There are no foreign keys:
-- core keeps references consistent (see the storage port).

CREATE TABLE tickets (
  tenant_id          text COLLATE "C" NOT NULL,
  id                 text COLLATE "C" NOT NULL,
  number             bigint NOT NULL,
  subject            text NOT NULL,
  -- subject lower-cased by the adapter (JavaScript's toLowerCase, like core's reference
  -- filter), searched with LIKE; trigram-indexed when pg_trgm is available.
  subject_search     text NOT NULL,
  type               text NOT NULL,
  priority           text NOT NULL,
  -- urgent 0, high 1, medium 2, low 3: the sort value of the priority order.
  priority_rank      smallint NOT NULL,
  category           text,
  team_id            text COLLATE "C",
  assignee_id        text COLLATE "C",
  tags               text[] NOT NULL,
  custom_fields      jsonb NOT NULL,
  channel            text NOT NULL,
  channel_detail     jsonb,
  requester_id       text COLLATE "C" NOT NULL,
  pipeline_id        text COLLATE "C" NOT NULL,
  stage_id           text COLLATE "C" NOT NULL,
  status_category    text NOT NULL,
  escalation_level   integer NOT NULL,
  parent_id          text COLLATE "C",
  merged_into_id     text COLLATE "C",
  merged_ticket_ids  text[] NOT NULL,
  alarm_dedup_key    text,
  alarm_occurrences  integer,
  alarm_first_at     timestamptz,
  alarm_last_at      timestamptz,
  message_count      integer NOT NULL,
  version            integer NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  first_responded_at timestamptz,
  resolved_at        timestamptz,
  closed_at          timestamptz,
  reopen_count       integer NOT NULL,
  reassign_count     integer NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- Inbox lists: every sort order (createdAt, updatedAt, priority), then id, scanned forwards
-- or backwards for keyset pages; the same orders behind the most common filters.
CREATE INDEX tickets_created ON tickets (tenant_id, created_at, id);
CREATE INDEX tickets_updated ON tickets (tenant_id, updated_at, id);
CREATE INDEX tickets_priority ON tickets (tenant_id, priority_rank, created_at, id);
CREATE INDEX tickets_category_created ON tickets (tenant_id, status_category, created_at, id);
CREATE INDEX tickets_category_updated ON tickets (tenant_id, status_category, updated_at, id);
CREATE INDEX tickets_category_priority ON tickets (tenant_id, status_category, priority_rank, created_at, id);
CREATE INDEX tickets_assignee ON tickets (tenant_id, assignee_id, status_category, created_at, id);
CREATE INDEX tickets_team ON tickets (tenant_id, team_id, status_category, created_at, id);
CREATE INDEX tickets_requester ON tickets (tenant_id, requester_id, created_at, id);
CREATE INDEX tickets_parent ON tickets (tenant_id, parent_id) WHERE parent_id IS NOT NULL;

-- Per-tenant ticket numbers: one row per tenant, incremented in the creating transaction.
CREATE TABLE ticket_numbers (
  tenant_id   text COLLATE "C" NOT NULL PRIMARY KEY,
  last_number bigint NOT NULL
);

CREATE TABLE messages (
  tenant_id   text COLLATE "C" NOT NULL,
  id          text COLLATE "C" NOT NULL,
  ticket_id   text COLLATE "C" NOT NULL,
  seq         integer NOT NULL,
  visibility  text NOT NULL,
  author_kind text NOT NULL,
  author_id   text COLLATE "C",
  body        text NOT NULL,
  channel     text NOT NULL,
  external_id text,
  attachments jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX messages_thread ON messages (tenant_id, ticket_id, created_at, seq, id);
CREATE UNIQUE INDEX messages_external_id ON messages (tenant_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE customers (
  tenant_id  text COLLATE "C" NOT NULL,
  id         text COLLATE "C" NOT NULL,
  name       text,
  email      text,
  -- the identities as given (order kept); customer_identities enforces their uniqueness.
  identities jsonb NOT NULL,
  time_zone  text,
  locale     text,
  attributes jsonb NOT NULL,
  version    integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- One row per identity: identity_key is the JSON array [type, network, value], so a null
-- network differs from an empty one.
CREATE TABLE customer_identities (
  tenant_id    text COLLATE "C" NOT NULL,
  identity_key text COLLATE "C" NOT NULL,
  customer_id  text COLLATE "C" NOT NULL,
  PRIMARY KEY (tenant_id, identity_key)
);
CREATE INDEX customer_identities_customer ON customer_identities (tenant_id, customer_id);

CREATE TABLE agents (
  tenant_id  text COLLATE "C" NOT NULL,
  id         text COLLATE "C" NOT NULL,
  name       text NOT NULL,
  email      text,
  team_ids   text[] NOT NULL,
  status     text NOT NULL,
  active     boolean NOT NULL,
  version    integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX agents_email ON agents (tenant_id, email) WHERE email IS NOT NULL;

CREATE TABLE teams (
  tenant_id  text COLLATE "C" NOT NULL,
  id         text COLLATE "C" NOT NULL,
  name       text NOT NULL,
  version    integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE pipelines (
  tenant_id  text COLLATE "C" NOT NULL,
  id         text COLLATE "C" NOT NULL,
  name       text NOT NULL,
  stages     jsonb NOT NULL,
  version    integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE ticket_links (
  tenant_id  text COLLATE "C" NOT NULL,
  id         text COLLATE "C" NOT NULL,
  type       text NOT NULL,
  source_id  text COLLATE "C" NOT NULL,
  target_id  text COLLATE "C" NOT NULL,
  created_at timestamptz NOT NULL,
  created_by jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
-- One link per type and direction; `related` is symmetric, so its pair is stored ordered.
CREATE UNIQUE INDEX ticket_links_pair ON ticket_links (
  tenant_id,
  type,
  (CASE WHEN type = 'related' THEN least(source_id, target_id) ELSE source_id END),
  (CASE WHEN type = 'related' THEN greatest(source_id, target_id) ELSE target_id END)
);
CREATE INDEX ticket_links_source ON ticket_links (tenant_id, source_id);
CREATE INDEX ticket_links_target ON ticket_links (tenant_id, target_id);

CREATE TABLE alarm_keys (
  tenant_id text COLLATE "C" NOT NULL,
  dedup_key text COLLATE "C" NOT NULL,
  ticket_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (tenant_id, dedup_key)
);

CREATE TABLE idempotency_keys (
  tenant_id   text COLLATE "C" NOT NULL,
  scope       text COLLATE "C" NOT NULL,
  key         text COLLATE "C" NOT NULL,
  fingerprint text NOT NULL,
  result      jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, scope, key)
);

-- The event store. `position` names an event for cursors; the feed is read in
-- (xid, position) order, and only events whose writing transaction is older than every
-- running one (xid below the snapshot's xmin) are returned, so an event committed later
-- always sorts after every event a reader has already passed.
CREATE TABLE events (
  tenant_id   text COLLATE "C" NOT NULL,
  id          text COLLATE "C" NOT NULL,
  position    bigint GENERATED ALWAYS AS IDENTITY,
  xid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
  type        text NOT NULL,
  occurred_at timestamptz NOT NULL,
  actor       jsonb NOT NULL,
  ticket_id   text COLLATE "C",
  data        jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX events_position ON events (tenant_id, position);
CREATE INDEX events_feed ON events (tenant_id, xid, position);
CREATE INDEX events_ticket ON events (tenant_id, ticket_id, xid, position) WHERE ticket_id IS NOT NULL;

CREATE TABLE jobs (
  tenant_id   text COLLATE "C" NOT NULL,
  id          text COLLATE "C" NOT NULL,
  key         text COLLATE "C" NOT NULL,
  type        text NOT NULL,
  payload     jsonb NOT NULL,
  due_at      timestamptz NOT NULL,
  status      text NOT NULL,
  attempts    integer NOT NULL,
  claim_token text,
  lease_until timestamptz,
  last_error  text,
  created_at  timestamptz NOT NULL,
  -- When the job can next be claimed: its due time while scheduled, its lease end while
  -- running (a crashed worker's job), never once failed.
  claimable_at timestamptz GENERATED ALWAYS AS (
    CASE status WHEN 'scheduled' THEN due_at WHEN 'running' THEN lease_until END
  ) STORED,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX jobs_key ON jobs (tenant_id, key);
-- claimDue is the one cross-tenant query: it reads only claimable jobs, earliest first.
CREATE INDEX jobs_claimable ON jobs (claimable_at) WHERE claimable_at IS NOT NULL;

CREATE TABLE settings (
  tenant_id  text COLLATE "C" NOT NULL PRIMARY KEY,
  settings   jsonb NOT NULL,
  version    integer NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Subject search: a trigram index makes `LIKE '%term%'` use an index. pg_trgm ships with
-- PostgreSQL's contrib and with PGlite (when the PGlite instance loads it); without it (or
-- without the right to create it), searches still work, filtered within the tenant's rows.
DO $migration$
DECLARE
  trgm_schema text;
BEGIN
  BEGIN
    -- In public when it exists, so that dropping a ticketkit schema never drops it.
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN
      CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
    ELSE
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
    END IF;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'ticketkit: pg_trgm is not available (%); subject search runs without a trigram index', SQLERRM;
  END;
  SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
  IF trgm_schema IS NOT NULL THEN
    EXECUTE format(
      'CREATE INDEX tickets_subject_trgm ON tickets USING gin (subject_search %I.gin_trgm_ops)',
      trgm_schema
    );
  END IF;
END
$migration$;
