import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../actors';
import { isTicketkitError, type TicketkitErrorCode } from '../errors';
import type { Pipeline, StoredEvent, Ticket } from '../storage/records';
import { AGENT, storedState, type TestDesk, testDesk } from '../test-support';
import { autoCloseKey } from './stage-change';

/**
 * Property: whatever sequence of commands runs against a desk, every ticket stays in a
 * stage of its own pipeline, closed tickets never change, every change of a ticket is in
 * its history, and a failed command writes nothing at all.
 */

/** A pipeline with restricted transitions and an on-hold stage. */
const FLOW = {
  id: 'flow',
  name: 'Flow',
  stages: [
    { id: 'intake', name: 'Intake', category: 'new' as const, transitionsTo: ['doing', 'parked'] },
    { id: 'doing', name: 'Doing', category: 'open' as const, transitionsTo: ['asked', 'parked', 'fixed'] },
    { id: 'asked', name: 'Asked', category: 'pending' as const, transitionsTo: ['doing', 'fixed'] },
    { id: 'parked', name: 'Parked', category: 'on_hold' as const, transitionsTo: ['doing'] },
    { id: 'fixed', name: 'Fixed', category: 'resolved' as const, transitionsTo: ['doing', 'shut'] },
    { id: 'shut', name: 'Shut', category: 'closed' as const },
  ],
};

/** A pipeline without a closed stage and without transition limits. */
const LOOP = {
  id: 'loop',
  name: 'Loop',
  stages: [
    { id: 'todo', name: 'To do', category: 'new' as const },
    { id: 'wait', name: 'Waiting', category: 'pending' as const },
    { id: 'done', name: 'Done', category: 'resolved' as const },
  ],
};

const STAGE_IDS = [
  ...new Set([
    'new',
    'waiting_on_us',
    'waiting_on_customer',
    'resolved',
    'closed',
    ...FLOW.stages.map((stage) => stage.id),
    ...LOOP.stages.map((stage) => stage.id),
    'nowhere',
  ]),
];
const PIPELINE_IDS = [undefined, 'default', 'flow', 'loop'] as const;

type Author = 'customer' | 'agent' | 'system';
type Command =
  | { kind: 'transition'; ticket: number; stageId: string; pipelineId: string | undefined }
  | { kind: 'resolve'; ticket: number }
  | { kind: 'reply'; ticket: number; author: Author; internal: boolean; moveToStageId: string | undefined }
  | { kind: 'assign'; ticket: number; assigneeId: string | null }
  | { kind: 'update'; ticket: number; priority: 'urgent' | 'low' }
  | { kind: 'merge'; ticket: number; target: number }
  | { kind: 'setParent'; ticket: number; parent: number | null }
  | { kind: 'open'; pipelineId: string | undefined; parent: number | null }
  | { kind: 'runDueJobs'; hours: number };

const ticketIndex = fc.nat({ max: 50 });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('transition' as const),
      ticket: ticketIndex,
      stageId: fc.constantFrom(...STAGE_IDS),
      pipelineId: fc.constantFrom(...PIPELINE_IDS),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resolve' as const), ticket: ticketIndex }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('reply' as const),
      ticket: ticketIndex,
      author: fc.constantFrom<Author>('customer', 'agent', 'system'),
      internal: fc.boolean(),
      moveToStageId: fc.option(fc.constantFrom(...STAGE_IDS), { nil: undefined, freq: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('assign' as const),
      ticket: ticketIndex,
      assigneeId: fc.constantFrom<string | null>(AGENT.ada, AGENT.bob, AGENT.eve, null),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      ticket: ticketIndex,
      priority: fc.constantFrom('urgent' as const, 'low' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('merge' as const), ticket: ticketIndex, target: ticketIndex }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('setParent' as const),
      ticket: ticketIndex,
      parent: fc.option(ticketIndex, { nil: null }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('open' as const),
      pipelineId: fc.constantFrom(...PIPELINE_IDS),
      parent: fc.option(ticketIndex, { nil: null, freq: 2 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('runDueJobs' as const),
      hours: fc.integer({ min: 0, max: 30 }),
    }),
  },
);

const settingsArbitrary = fc.record({
  agentReplyMovesToPending: fc.boolean(),
  allowResolveWithOpenChildren: fc.boolean(),
  autoCloseAfterSeconds: fc.constantFrom(3600, 86_400, null),
});

/** What a command may fail with when it breaks a rule (never anything else). */
const RULE_ERRORS: TicketkitErrorCode[] = [
  'INVALID_TRANSITION',
  'INVALID_STATE',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'FORBIDDEN',
];

interface Snapshot {
  tickets: Array<{ ticket: Ticket; autoCloseJob: unknown }>;
  events: { events: StoredEvent[] };
  pipelines: Pipeline[];
}

async function run(t: TestDesk, tickets: Ticket[], step: Command): Promise<unknown> {
  const pick = (index: number) => tickets[index % tickets.length] as Ticket;
  const { desk } = t;
  switch (step.kind) {
    case 'transition':
      return desk.tickets.transition(t.system, pick(step.ticket).id, {
        stageId: step.stageId,
        ...(step.pipelineId === undefined ? {} : { pipelineId: step.pipelineId }),
      });
    case 'resolve': {
      const ticket = pick(step.ticket);
      const pipeline = await desk.pipelines.get(t.system, ticket.pipelineId);
      const resolved = pipeline.stages.find((stage) => stage.category === 'resolved');
      return desk.tickets.transition(t.ada, ticket.id, { stageId: resolved?.id ?? 'nowhere' });
    }
    case 'reply': {
      const ticket = pick(step.ticket);
      const actor: Actor =
        step.author === 'customer'
          ? { kind: 'customer', tenantId: 'acme', customerId: ticket.requesterId }
          : step.author === 'agent'
            ? t.bob
            : t.system;
      return desk.tickets.reply(actor, ticket.id, {
        body: 'message',
        visibility: step.internal ? 'internal' : 'public',
        ...(step.moveToStageId === undefined ? {} : { moveToStageId: step.moveToStageId }),
      });
    }
    case 'assign':
      return desk.tickets.assign(t.system, pick(step.ticket).id, { assigneeId: step.assigneeId });
    case 'update':
      return desk.tickets.update(t.ada, pick(step.ticket).id, { priority: step.priority });
    case 'merge':
      return desk.tickets.merge(t.ada, pick(step.ticket).id, { targetId: pick(step.target).id });
    case 'setParent':
      return desk.tickets.setParent(t.ada, pick(step.ticket).id, {
        parentId: step.parent === null ? null : pick(step.parent).id,
      });
    case 'open':
      return t.open({
        ...(step.pipelineId === undefined ? {} : { pipelineId: step.pipelineId }),
        ...(step.parent === null ? {} : { parentId: pick(step.parent).id }),
      });
    case 'runDueJobs':
      return desk.scheduler.runDueJobs({ now: t.clock.advance({ hours: step.hours }) });
  }
}

function visible(snapshot: Snapshot): unknown {
  return snapshot.tickets.map(({ autoCloseJob: _job, ...rest }) => rest);
}

function historyLength(snapshot: Snapshot, ticketId: string): number {
  return snapshot.events.events.filter((event) => event.ticketId === ticketId).length;
}

function checkInvariants(snapshot: Snapshot): void {
  for (const { ticket, autoCloseJob } of snapshot.tickets) {
    const pipeline =
      snapshot.pipelines.find((candidate) => candidate.id === ticket.pipelineId) ??
      (ticket.pipelineId === 'default' ? { stages: [] as Pipeline['stages'] } : undefined);
    const stages =
      ticket.pipelineId === 'default' && pipeline?.stages.length === 0 ? DEFAULT_STAGES : pipeline?.stages;
    const stage = stages?.find((candidate) => candidate.id === ticket.stageId);
    expect(stage, `ticket ${ticket.id} is in ${ticket.pipelineId}/${ticket.stageId}`).toBeDefined();
    expect(ticket.statusCategory).toBe(stage?.category);
    const done = ticket.statusCategory === 'resolved' || ticket.statusCategory === 'closed';
    expect(ticket.resolvedAt !== null, `resolvedAt of ${ticket.statusCategory} ticket`).toBe(done);
    expect(ticket.closedAt !== null, `closedAt of ${ticket.statusCategory} ticket`).toBe(
      ticket.statusCategory === 'closed',
    );
    if (autoCloseJob !== null) expect(ticket.statusCategory).toBe('resolved');
    // Every version of a ticket came with at least one history entry.
    expect(historyLength(snapshot, ticket.id)).toBeGreaterThanOrEqual(ticket.version);
  }
}

const DEFAULT_STAGES = [
  { id: 'new', category: 'new' },
  { id: 'waiting_on_us', category: 'open' },
  { id: 'waiting_on_customer', category: 'pending' },
  { id: 'resolved', category: 'resolved' },
  { id: 'closed', category: 'closed' },
] as Pipeline['stages'];

describe('ticket lifecycle (property)', () => {
  it('pipeline transitions - no command sequence reaches an invalid stage, moves a closed ticket or loses a history entry', async () => {
    await fc.assert(
      fc.asyncProperty(
        settingsArbitrary,
        fc.array(command, { minLength: 1, maxLength: 25 }),
        async (settings, steps) => {
          const t = await testDesk({ settings });
          await t.desk.pipelines.create(t.system, FLOW);
          await t.desk.pipelines.create(t.system, LOOP);
          await t.open({ subject: 'default' });
          await t.open({ subject: 'flow', pipelineId: 'flow' });
          await t.open({ subject: 'loop', pipelineId: 'loop', requesterId: t.danId });

          let before = (await storedState(t.storage, 'acme')) as Snapshot;
          for (const step of steps) {
            const tickets = before.tickets.map((entry) => entry.ticket);
            let failure: unknown = null;
            try {
              await run(t, tickets, step);
            } catch (error) {
              failure = error;
            }
            const after = (await storedState(t.storage, 'acme')) as Snapshot;
            if (failure !== null) {
              expect(isTicketkitError(failure), String(failure)).toBe(true);
              expect(RULE_ERRORS).toContain((failure as { code: string }).code);
              expect(after).toEqual(before);
            } else {
              // A command that changed a ticket, its thread or its links recorded an event.
              // (Scheduler bookkeeping alone, such as a job that found nothing to do, is no change.)
              const changed = JSON.stringify(visible(after)) !== JSON.stringify(visible(before));
              if (changed) expect(after.events.events.length).toBeGreaterThan(before.events.events.length);
            }
            checkInvariants(after);
            for (const { ticket } of before.tickets) {
              const now = after.tickets.find((entry) => entry.ticket.id === ticket.id)?.ticket as Ticket;
              if (ticket.statusCategory === 'closed') expect(now).toEqual(ticket);
              expect(
                historyLength(after, ticket.id) - historyLength(before, ticket.id),
              ).toBeGreaterThanOrEqual(now.version - ticket.version);
              expect(now.reopenCount).toBeGreaterThanOrEqual(ticket.reopenCount);
              if (ticket.firstRespondedAt !== null)
                expect(now.firstRespondedAt).toEqual(ticket.firstRespondedAt);
            }
            before = after;
          }
          expect(t.logger.errors).toEqual([]);
          // Every stored auto-close job belongs to a resolved ticket.
          for (const { ticket } of before.tickets) {
            const job = await t.storage.jobs.get('acme', autoCloseKey(ticket.id));
            if (job !== null) expect(ticket.statusCategory).toBe('resolved');
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
