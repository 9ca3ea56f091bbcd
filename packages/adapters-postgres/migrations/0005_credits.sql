-- ticketkit schema, version 5: prepaid credits (accounts, blocks, the ledger, holds).
--
-- Same rules as version 1: unqualified names, tenant_id first in every key and index,
-- ids COLLATE "C", no foreign keys. Credit amounts are bigint (cost bases reach 10^12).

-- One row per customer with credits: its lock serializes the customer's ledger writes
-- (SELECT ... FOR UPDATE), and it carries the ledger's running totals.
CREATE TABLE credit_accounts (
  tenant_id           text COLLATE "C" NOT NULL,
  customer_id         text COLLATE "C" NOT NULL,
  last_seq            bigint NOT NULL,
  balance             bigint NOT NULL,
  posted              bigint NOT NULL,
  overdraft_block_id  text COLLATE "C",
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, customer_id)
);

CREATE TABLE credit_blocks (
  tenant_id        text COLLATE "C" NOT NULL,
  id               text COLLATE "C" NOT NULL,
  customer_id      text COLLATE "C" NOT NULL,
  kind             text NOT NULL,
  amount           bigint NOT NULL,
  remaining        bigint NOT NULL,
  held             bigint NOT NULL,
  effective_at     timestamptz NOT NULL,
  expires_at       timestamptz,
  priority         integer NOT NULL,
  cost_basis       bigint NOT NULL,
  scope            text[],
  external_ref     text,
  source_block_id  text COLLATE "C",
  voided_at        timestamptz,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
-- Balance reads and charges read the open blocks only: their cost follows the open blocks,
-- never the ledger's length or the spent blocks.
CREATE INDEX credit_blocks_open ON credit_blocks (tenant_id, customer_id) WHERE remaining <> 0 OR held <> 0;
CREATE INDEX credit_blocks_customer ON credit_blocks (tenant_id, customer_id, id);

-- The append-only ledger: (tenant_id, customer_id, seq) is the key, so a sequence number is
-- taken once; the trigger below refuses every UPDATE and DELETE.
CREATE TABLE credit_entries (
  tenant_id        text COLLATE "C" NOT NULL,
  customer_id      text COLLATE "C" NOT NULL,
  seq              bigint NOT NULL,
  id               text COLLATE "C" NOT NULL,
  type             text NOT NULL,
  block_id         text COLLATE "C" NOT NULL,
  amount           bigint NOT NULL,
  occurred_at      timestamptz NOT NULL,
  recorded_at      timestamptz NOT NULL,
  idempotency_key  text,
  hold_id          text COLLATE "C",
  service          text,
  ticket_id        text COLLATE "C",
  message_id       text COLLATE "C",
  refers_to        text COLLATE "C",
  actor_kind       text NOT NULL,
  actor_id         text COLLATE "C",
  balance_before   bigint NOT NULL,
  balance_after    bigint NOT NULL,
  PRIMARY KEY (tenant_id, customer_id, seq)
);
CREATE UNIQUE INDEX credit_entries_id ON credit_entries (tenant_id, id);

CREATE FUNCTION credit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credit ledger entries never change';
END
$$;
CREATE TRIGGER credit_entries_append_only BEFORE UPDATE OR DELETE ON credit_entries
  FOR EACH ROW EXECUTE FUNCTION credit_entries_append_only();

CREATE TABLE credit_holds (
  tenant_id      text COLLATE "C" NOT NULL,
  id             text COLLATE "C" NOT NULL,
  customer_id    text COLLATE "C" NOT NULL,
  key            text COLLATE "C" NOT NULL,
  service        text NOT NULL,
  amount         bigint NOT NULL,
  draws          jsonb NOT NULL,
  status         text NOT NULL,
  posted_amount  bigint NOT NULL,
  ticket_id      text COLLATE "C",
  message_id     text COLLATE "C",
  expires_at     timestamptz,
  created_at     timestamptz NOT NULL,
  resolved_at    timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX credit_holds_key ON credit_holds (tenant_id, customer_id, key);
CREATE INDEX credit_holds_open ON credit_holds (tenant_id, customer_id) WHERE status = 'held';
CREATE INDEX credit_holds_ticket ON credit_holds (tenant_id, ticket_id, created_at, id) WHERE ticket_id IS NOT NULL;
