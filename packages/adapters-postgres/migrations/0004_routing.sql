-- Routing: what an agent brings (skills, escalation level, languages, capacity), team
-- membership as rows, agent loads with the capacity guard, the routing queue, and each
-- team's round-robin cycle.

ALTER TABLE agents
  ADD COLUMN skills           jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN escalation_level integer NOT NULL DEFAULT 1,
  ADD COLUMN languages        text[] NOT NULL DEFAULT '{}',
  ADD COLUMN capacity         jsonb NOT NULL DEFAULT '{"max": 10, "perChannel": {}}';

-- One row per (team, agent), kept by the agents repository with `agents.team_ids`: routing
-- reads a whole team per decision, through the primary key.
CREATE TABLE agent_team_members (
  tenant_id text COLLATE "C" NOT NULL,
  team_id   text COLLATE "C" NOT NULL,
  agent_id  text COLLATE "C" NOT NULL,
  PRIMARY KEY (tenant_id, team_id, agent_id)
);
INSERT INTO agent_team_members (tenant_id, team_id, agent_id)
  SELECT DISTINCT tenant_id, unnest(team_ids), id FROM agents;

-- An agent's load: the fold of its holdings. The capacity guard is a conditional UPDATE of
-- this row (`WHERE total < max`), which waits for a concurrent holder of the row and then
-- decides on the committed count.
CREATE TABLE agent_loads (
  tenant_id        text COLLATE "C" NOT NULL,
  agent_id         text COLLATE "C" NOT NULL,
  total            integer NOT NULL,
  by_channel       jsonb NOT NULL,
  last_assigned_at timestamptz,
  PRIMARY KEY (tenant_id, agent_id)
);

-- The slot each counting ticket holds (at most one per ticket).
CREATE TABLE agent_load_holdings (
  tenant_id   text COLLATE "C" NOT NULL,
  ticket_id   text COLLATE "C" NOT NULL,
  agent_id    text COLLATE "C" NOT NULL,
  channel     text NOT NULL,
  acquired_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, ticket_id)
);

-- Tickets waiting for an agent with room, per team, in queue order.
CREATE TABLE routing_queue (
  tenant_id         text COLLATE "C" NOT NULL,
  ticket_id         text COLLATE "C" NOT NULL,
  team_id           text COLLATE "C" NOT NULL,
  priority          text NOT NULL,
  priority_rank     smallint NOT NULL,
  ticket_created_at timestamptz NOT NULL,
  queued_at         timestamptz NOT NULL,
  rule_id           text,
  PRIMARY KEY (tenant_id, ticket_id)
);
CREATE INDEX routing_queue_order
  ON routing_queue (tenant_id, team_id, priority_rank, ticket_created_at, ticket_id);

-- Each team's round-robin cycle: who was served in it, in order. Locked (FOR UPDATE) by a
-- round-robin routing for the rest of its transaction.
CREATE TABLE round_robin_cycles (
  tenant_id  text COLLATE "C" NOT NULL,
  team_id    text COLLATE "C" NOT NULL,
  served     text[] NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, team_id)
);
