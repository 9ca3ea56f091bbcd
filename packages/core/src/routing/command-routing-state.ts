import type { DeskContext } from '../internal/desk-context';
import type { CommandContext, CommandMemo } from '../storage/gateway';
import type { LoadHolding } from '../storage/records';
import type { RoutingSettings } from './routing-settings';

/**
 * What routing knows within one run of one command, so that the routing engine and the
 * routing ticket hook agree on what is already done:
 * - `holdings`: the slot each ticket holds in storage now (null: none), for tickets whose
 *   slot this command read or changed;
 * - `queueHandled`: tickets whose queue entry the engine already wrote or removed;
 * - `routed`: tickets routed by this command (each is routed at most once per command);
 * - `freedAgents`: agents a slot was taken from, whose teams' queues may now move;
 * - `draining`: a queue drain is running (drains do not nest).
 */
export interface CommandRoutingState {
  readonly holdings: Map<string, LoadHolding | null>;
  readonly queueHandled: Set<string>;
  readonly routed: Set<string>;
  readonly freedAgents: Set<string>;
  draining: boolean;
}

/** The routing state of a command run; a retried command starts with a fresh context, so a fresh state. */
export const ROUTING_STATE: CommandMemo<CommandRoutingState> = {
  create: () => ({
    holdings: new Map(),
    queueHandled: new Set(),
    routed: new Set(),
    freedAgents: new Set(),
    draining: false,
  }),
};

/** The routing state of a command run, made on first use (see {@link ROUTING_STATE}). */
export function routingStateOf(context: CommandContext): CommandRoutingState {
  return context.memo(ROUTING_STATE);
}

/** The tenant's routing settings, from the command run's settings (read once per run). */
export async function routingSettingsOf(
  desk: DeskContext,
  context: CommandContext,
  tenantId: string,
): Promise<RoutingSettings> {
  return (await desk.settings.loadForCommand(context, tenantId)).settings.routing;
}
