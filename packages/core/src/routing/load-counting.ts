import {
  commandPipeline,
  findStage,
  isDone,
  type PipelineReader,
  stagePausesSla,
} from '../pipelines/pipeline-rules';
import type { CommandContext } from '../storage/gateway';
import type { Channel, Stage, Ticket } from '../storage/records';

/**
 * Whether an assigned ticket counts toward its agent's load: the number that capacity caps
 * and that least-loaded and spare-capacity routing compare. DESIGN.md counts "tickets whose
 * SLA clock runs":
 * - a ticket with an SLA record (`ticket.sla`, kept by the SLA engine's hook, which runs
 *   before routing's) counts while one of its clocks runs. Every metric is tracked, goal or
 *   not, so the resolution clock runs from creation to resolution except in pausing stages;
 * - a ticket no SLA policy ever applied to (`sla` null) counts while an SLA clock would run
 *   on it: not resolved or closed, and its stage does not pause SLA clocks
 *   (`stagePausesSla`: pending and on_hold by default).
 * This is the one place that decides; the load is kept per ticket when the ticket is written.
 */
export function countsTowardLoad(ticket: Ticket, stage: Stage): boolean {
  if (isDone(ticket.statusCategory)) return false;
  if (ticket.sla !== null) return ticket.sla.clocks.some((clock) => clock.status === 'running');
  return !stagePausesSla(stage);
}

/** The agent and channel a ticket's slot should be on, or null when it should hold none. */
export interface WantedSlot {
  agentId: string;
  channel: Channel;
}

/**
 * Whether the ticket, once assigned, counts toward its agent's load in its current stage.
 * The ticket's pipeline is read once per command.
 */
export async function ticketCounts(
  desk: PipelineReader,
  context: CommandContext,
  ticket: Ticket,
): Promise<boolean> {
  if (isDone(ticket.statusCategory)) return false;
  const pipeline = await commandPipeline(desk, context, ticket.tenantId, ticket.pipelineId);
  return countsTowardLoad(ticket, findStage(pipeline, ticket.stageId));
}

/** Where the ticket should hold a slot: its agent, when it counts toward load; else null. */
export async function wantedSlot(
  desk: PipelineReader,
  context: CommandContext,
  ticket: Ticket,
): Promise<WantedSlot | null> {
  if (ticket.assigneeId === null || !(await ticketCounts(desk, context, ticket))) return null;
  return { agentId: ticket.assigneeId, channel: ticket.channel };
}

/** Whether a write changed a field that decides the ticket's slot. */
export function slotFieldsChanged(before: Ticket, after: Ticket): boolean {
  return (
    before.assigneeId !== after.assigneeId ||
    before.stageId !== after.stageId ||
    before.pipelineId !== after.pipelineId ||
    before.statusCategory !== after.statusCategory ||
    before.channel !== after.channel
  );
}
