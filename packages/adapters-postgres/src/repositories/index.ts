import type { StorageRepositories } from '@ticketkit/core';
import type { SqlContext } from '../sql-context';
import { PgAgents } from './agents';
import { PgAlarmKeys } from './alarm-keys';
import { PgCreditAccounts, PgCreditBlocks, PgCreditHolds, PgCreditLedger } from './credits';
import { PgCsat } from './csat';
import { PgCustomers } from './customers';
import { PgEvents } from './events';
import { PgIdempotency } from './idempotency';
import { PgJobs } from './jobs';
import { PgLinks } from './links';
import { PgMessages } from './messages';
import { PgPipelines } from './pipelines';
import { PgReadMarkers } from './read-markers';
import { PgAgentLoads, PgRoundRobin, PgRoutingQueue } from './routing';
import { PgSettings } from './settings';
import { PgTeams } from './teams';
import { PgTickets } from './tickets';

/**
 * Every repository of the port over one SQL context (a transaction, or autocommit). A new
 * repository of the port gets its own file in this folder and one line here.
 */
export function createRepositories(context: SqlContext): StorageRepositories {
  return {
    tickets: new PgTickets(context),
    messages: new PgMessages(context),
    customers: new PgCustomers(context),
    agents: new PgAgents(context),
    agentLoads: new PgAgentLoads(context),
    routingQueue: new PgRoutingQueue(context),
    roundRobin: new PgRoundRobin(context),
    teams: new PgTeams(context),
    pipelines: new PgPipelines(context),
    links: new PgLinks(context),
    alarmKeys: new PgAlarmKeys(context),
    idempotency: new PgIdempotency(context),
    events: new PgEvents(context),
    jobs: new PgJobs(context),
    settings: new PgSettings(context),
    creditAccounts: new PgCreditAccounts(context),
    creditBlocks: new PgCreditBlocks(context),
    creditLedger: new PgCreditLedger(context),
    creditHolds: new PgCreditHolds(context),
    csat: new PgCsat(context),
    readMarkers: new PgReadMarkers(context),
  };
}
