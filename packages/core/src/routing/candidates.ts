import type { Agent, AgentLoad, Channel, LoadHolding, Ticket } from '../storage/records';
import { primaryLanguage } from './directory-schemas';
import type { RoutingCandidateReport, RoutingExclusion } from './routing-decision';
import type { RoutingRequirements } from './routing-settings';

/** What a ticket needs from its agent under one rule, resolved from the ticket. */
export interface TicketRequirements {
  /** Required skills by name, each with its minimum level (null: any level). */
  readonly skills: ReadonlyArray<{ name: string; minLevel: number | null }>;
  /** The ticket's primary language, or null when it has none or the rule does not ask. */
  readonly language: string | null;
  /** The lowest escalation level an agent may have, or null. */
  readonly minLevel: number | null;
  /** Whether missing skills only lower the score instead of excluding (`skills` with `match: 'best'`). */
  readonly skillsRankOnly: boolean;
}

/** Resolves a rule's requirements against a ticket and its requester's locale. */
export function requirementsFor(
  ticket: Ticket,
  requirements: RoutingRequirements,
  requesterLocale: string | null,
  skillsRankOnly: boolean,
): TicketRequirements {
  const skills = new Map<string, number | null>();
  const need = (name: string, minLevel: number | null) => {
    const known = skills.get(name);
    skills.set(name, known === undefined ? minLevel : Math.max(known ?? 0, minLevel ?? 0) || null);
  };
  for (const requirement of requirements.skills) need(requirement.skill, requirement.minLevel);
  if (requirements.skillFromCategory && ticket.category !== null) need(ticket.category, null);
  if (requirements.skillsFromTags.length > 0) {
    const tags = new Set(ticket.tags.map((tag) => tag.toLowerCase()));
    for (const skill of requirements.skillsFromTags) if (tags.has(skill)) need(skill, null);
  }
  let language: string | null = null;
  if (requirements.language === 'requester_locale') {
    language = requesterLocale === null ? null : primaryLanguage(requesterLocale) || null;
  } else if (requirements.language !== null) {
    const value = ticket.customFields[requirements.language.customField];
    language = typeof value === 'string' && value.trim() !== '' ? primaryLanguage(value.trim()) : null;
  }
  const minLevel =
    requirements.minLevel === 'ticket' ? ticket.escalationLevel : (requirements.minLevel ?? null);
  return {
    skills: [...skills].map(([name, minLevel]) => ({ name, minLevel })),
    language,
    minLevel,
    skillsRankOnly,
  };
}

/** A team member as routing sees it while deciding. */
export interface Candidate {
  readonly agent: Agent;
  /** Tickets counting toward the agent's load, not counting the ticket being routed. */
  readonly load: number;
  /** Of `load`, on the ticket's channel; 0 when the agent has no cap on that channel. */
  readonly channelLoad: number;
  /** When the agent last took a ticket (epoch ms); -1 when never. */
  readonly lastAssignedAt: number;
  /** Skills score: per required skill the agent has, 1,000 plus its level. */
  readonly score: number;
  readonly missingSkills: readonly string[];
  /** Why the agent cannot take the ticket; null when eligible. */
  excluded: RoutingExclusion | null;
}

/**
 * Evaluates every member of a team for a ticket. `ownSlot` is the slot the ticket holds now:
 * it is not counted in its agent's load, since routing the ticket again frees it.
 */
export function evaluateCandidates(
  agents: readonly Agent[],
  loads: readonly AgentLoad[],
  ticket: Ticket,
  requirements: TicketRequirements,
  ownSlot: LoadHolding | null,
  excludedIds: readonly string[],
): Candidate[] {
  // Adapters usually return loads in the order asked for; look up by id only when not.
  let loadOf: Map<string, AgentLoad> | undefined;
  const channel: Channel = ticket.channel;
  const required = requirements.skills;
  const candidates: Candidate[] = new Array(agents.length);
  for (let index = 0; index < agents.length; index++) {
    const agent = agents[index] as Agent;
    let stored = loads[index];
    if (stored !== undefined && stored.agentId !== agent.id) stored = undefined;
    if (stored === undefined && loads.length > 0) {
      loadOf ??= new Map(loads.map((load) => [load.agentId, load]));
      stored = loadOf.get(agent.id);
    }
    const own = ownSlot !== null && ownSlot.agentId === agent.id;
    const load = (stored === undefined ? 0 : stored.total) - (own ? 1 : 0);
    // Only agents with a cap on the ticket's channel need their count on it.
    const channelMax = agent.capacity.perChannel[channel];
    const channelLoad =
      channelMax === undefined || stored === undefined
        ? 0
        : (stored.byChannel[channel] ?? 0) - (own && ownSlot.channel === channel ? 1 : 0);
    let score = 0;
    let missing: string[] | undefined;
    for (const need of required) {
      const skill = agent.skills.find((candidate) => candidate.name === need.name);
      if (skill !== undefined && (need.minLevel === null || (skill.level ?? 0) >= need.minLevel)) {
        score += 1000 + (skill.level ?? 0);
      } else if (missing === undefined) {
        missing = [need.name];
      } else {
        missing.push(need.name);
      }
    }
    candidates[index] = {
      agent,
      load,
      channelLoad,
      lastAssignedAt: stored?.lastAssignedAt?.getTime() ?? -1,
      score,
      missingSkills: missing ?? NONE,
      excluded: exclusionOf(agent, load, channelLoad, channelMax, requirements, missing, excludedIds),
    };
  }
  return candidates;
}

const NONE: readonly string[] = Object.freeze([]);

function exclusionOf(
  agent: Agent,
  load: number,
  channelLoad: number,
  channelMax: number | undefined,
  requirements: TicketRequirements,
  missing: string[] | undefined,
  excludedIds: readonly string[],
): RoutingExclusion | null {
  if (!agent.active) return 'inactive';
  if (agent.status !== 'online') return agent.status;
  if (excludedIds.length > 0 && excludedIds.includes(agent.id)) return 'excluded';
  if (load >= agent.capacity.max) return 'at_capacity';
  if (channelMax !== undefined && channelLoad >= channelMax) return 'channel_at_capacity';
  if (requirements.minLevel !== null && agent.escalationLevel < requirements.minLevel) return 'below_level';
  if (requirements.language !== null && !agent.languages.includes(requirements.language))
    return 'missing_language';
  if (missing !== undefined && !requirements.skillsRankOnly) return 'missing_skills';
  return null;
}

/** Whether some member could take a ticket if skills allowed: active, online and under capacity. */
export function teamHasRoom(candidates: readonly Candidate[]): boolean {
  return candidates.some(
    (candidate) =>
      candidate.agent.active &&
      candidate.agent.status === 'online' &&
      candidate.load < candidate.agent.capacity.max,
  );
}

/** Most candidates a decision lists in its history entry. */
export const MAX_REPORTED_CANDIDATES = 100;

/** The history form of the candidates: eligible ones first, then the excluded, each in id order. */
export function reportCandidates(
  candidates: readonly Candidate[],
  withScores: boolean,
): { candidates: RoutingCandidateReport[]; omitted: number } {
  const eligible: RoutingCandidateReport[] = [];
  const excluded: RoutingCandidateReport[] = [];
  for (const candidate of candidates) {
    const report: RoutingCandidateReport = {
      agentId: candidate.agent.id,
      excluded: candidate.excluded,
      load: candidate.load,
      capacity: candidate.agent.capacity.max,
    };
    if (withScores) report.score = candidate.score;
    if (candidate.missingSkills.length > 0) report.missingSkills = [...candidate.missingSkills];
    (candidate.excluded === null ? eligible : excluded).push(report);
  }
  const reports = excluded.length === 0 ? eligible : eligible.concat(excluded);
  if (reports.length > MAX_REPORTED_CANDIDATES) reports.length = MAX_REPORTED_CANDIDATES;
  return { candidates: reports, omitted: Math.max(0, candidates.length - MAX_REPORTED_CANDIDATES) };
}
