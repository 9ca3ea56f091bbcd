-- ticketkit schema, version 2: satisfaction ratings and read positions (the widget issue).
--
-- Same rules as version 1: tenant_id first in every key, ids COLLATE "C", no foreign keys.

-- One rating per ticket: the primary key makes concurrent first ratings collide.
CREATE TABLE csat_ratings (
  tenant_id   text COLLATE "C" NOT NULL,
  ticket_id   text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  scale       text NOT NULL,
  score       smallint NOT NULL,
  comment     text,
  version     integer NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, ticket_id)
);

-- How far each reader has read each thread: the last message seen, in thread order.
CREATE TABLE read_markers (
  tenant_id        text COLLATE "C" NOT NULL,
  reader_kind      text NOT NULL,
  reader_id        text COLLATE "C" NOT NULL,
  ticket_id        text COLLATE "C" NOT NULL,
  last_message_at  timestamptz NOT NULL,
  last_message_seq integer NOT NULL,
  last_message_id  text COLLATE "C" NOT NULL,
  read_at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, reader_kind, reader_id, ticket_id)
);
