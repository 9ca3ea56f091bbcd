import type { ActorRef } from '../actors';
import type { Clock } from '../clock';
import type { TicketkitEventMap, TicketkitEventType } from '../events';
import type { IdGenerator } from '../ids';
import type { JsonObject } from '../json';
import type { PipelineCache } from '../pipelines/pipeline-cache';
import type { JobRegistry } from '../scheduler/job-registry';
import type { SettingsStore } from '../settings/settings-store';
import type { StorageGateway } from '../storage/gateway';
import type { StoredEvent } from '../storage/records';
import type { KnownCustomers } from './known-customers';
import type { TicketHooks } from './ticket-hooks';
import type { TicketNumbers } from './ticket-numbers';

/** What every engine of one desk shares. Internal; not exported from the package. */
export interface DeskContext {
  readonly gateway: StorageGateway;
  readonly clock: Clock;
  readonly newId: IdGenerator;
  readonly settings: SettingsStore;
  readonly jobs: JobRegistry;
  readonly ticketHooks: TicketHooks;
  readonly knownCustomers: KnownCustomers;
  readonly ticketNumbers: TicketNumbers;
  readonly pipelines: PipelineCache;
}

/** Builds a stored event of a known type. */
export function newEvent<K extends TicketkitEventType>(
  desk: Pick<DeskContext, 'newId'>,
  tenantId: string,
  actor: ActorRef,
  occurredAt: Date,
  type: K,
  ticketId: string | null,
  data: TicketkitEventMap[K],
): StoredEvent {
  return {
    tenantId,
    id: desk.newId('event'),
    type,
    occurredAt,
    actor,
    ticketId,
    data: data as unknown as JsonObject,
  };
}
