import { systemActor, type Ticketing } from '@ticketkit/core';

/** The demo tenant. */
export const TENANT = 'acme';

/** Ids of what the seed creates, for sign-in pages and tests. */
export interface DemoDirectory {
  agents: Array<{ id: string; name: string; level: string }>;
  customers: Array<{ id: string; name: string; email: string }>;
}

const DAY_MS = 86_400_000;

/** Support levels: one team per escalation level. */
const LEVELS = [
  { id: 'l1', name: 'L1 Frontline' },
  { id: 'l2', name: 'L2 Specialists' },
  { id: 'l3', name: 'L3 Team leads' },
];

const AGENTS = [
  { id: 'agt_ann', name: 'Ann Frontline', level: 1 },
  { id: 'agt_ben', name: 'Ben Frontline', level: 1 },
  { id: 'agt_sam', name: 'Sam Specialist', level: 2 },
  { id: 'agt_lee', name: 'Lee Team Lead', level: 3 },
];

/** Office hours of the support team: weekdays 09:00-18:00 in Berlin. */
const OFFICE_HOURS = {
  mode: 'business_hours' as const,
  timeZone: 'Europe/Berlin',
  weekly: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ start: '09:00', end: '18:00' }]]),
  ),
};

/**
 * Seeds the demo desk once: on a database that already has the demo tenant (a restart with
 * the same data folder), it only reads back who is there.
 *
 * - Support levels as teams (L1 frontline, L2 specialists, L3 team leads) with agents at each
 *   level, the same levels as escalation levels (an SLA breach of the first reply escalates
 *   one level up), and routing rules: urgent and high requests to the specialists (least
 *   loaded), everything else round robin in the frontline, queued when nobody has room.
 * - An SLA policy on a business calendar (weekdays 09:00-18:00, Berlin): urgent and high
 *   requests get a first reply within 1 business hour, others within 4.
 * - Credits: web-form requests cost 1 credit (held when sent, charged with the first reply); a
 *   short balance refuses the request. Carla has a pack expiring in 10 days and a yearly one,
 *   Dan a pack that never expires, Erin none.
 * - Topics, a customer-editable field, and a ticket so the console is not empty.
 */
export async function seedDemo(desk: Ticketing): Promise<DemoDirectory> {
  const system = systemActor(TENANT);
  if ((await desk.settings.get(system)).version > 0) return readDirectory(desk);
  for (const level of LEVELS) await desk.teams.create(system, level);
  for (const agent of AGENTS) {
    await desk.agents.create(system, {
      id: agent.id,
      name: agent.name,
      email: `${agent.id.slice(4)}@acme.example`,
      teamIds: [LEVELS[agent.level - 1]?.id as string],
      escalationLevel: agent.level,
      status: 'online',
      capacity: { max: 5 },
    });
  }
  await desk.settings.update(system, {
    categories: [
      { id: 'billing', name: 'Billing' },
      { id: 'technical', name: 'Technical problem' },
      { id: 'account', name: 'Account and access' },
    ],
    customFields: [
      { key: 'order_number', label: 'Order number (optional)', type: 'text', customerEditable: true },
    ],
    agentReplyMovesToPending: true,
    sla: {
      calendars: [{ id: 'office', name: 'Office hours (Berlin)', calendar: OFFICE_HOURS }],
      policies: [
        {
          id: 'standard',
          name: 'Standard support',
          calendarId: 'office',
          targets: {
            urgent: { firstResponseMinutes: 60, resolutionMinutes: 8 * 60 },
            high: { firstResponseMinutes: 60, resolutionMinutes: 16 * 60 },
            fallback: { firstResponseMinutes: 4 * 60, resolutionMinutes: 5 * 9 * 60 },
          },
        },
      ],
    },
    escalation: {
      levels: LEVELS.map((level) => ({ id: level.id, name: level.name, teamId: level.id })),
      policies: [
        {
          id: 'late-first-reply',
          name: 'First reply overdue',
          trigger: { type: 'sla_breach', metric: 'first_response' },
          actions: [{ type: 'raise_level' }, { type: 'reassign' }],
        },
      ],
    },
    routing: {
      rules: [
        {
          id: 'urgent-to-specialists',
          conditions: { priorities: ['urgent', 'high'] },
          teamId: 'l2',
          strategy: { type: 'least_loaded' },
          fallback: 'next_rule',
        },
        { id: 'frontline', teamId: 'l1', strategy: { type: 'round_robin' }, fallback: 'queue' },
      ],
    },
    credits: {
      rateCard: { web_question: 1, chat_question: 1, phone_followup: 2 },
      overdraftLimit: 0,
      defaultTimeZone: 'Europe/Berlin',
      holdTimeoutSeconds: null,
      lowBalanceThreshold: 2,
      expiringNoticeDays: 30,
      tickets: {
        enabled: true,
        services: { web_form: 'web_question', chat: 'chat_question' },
        billing: 'per_ticket',
        commitOn: 'first_agent_reply',
        voidStageIds: [],
        whenShort: 'reject',
        awaitingStageId: null,
        customers: 'all',
      },
    },
  });
  const carla = await desk.customers.create(system, { name: 'Carla Customer', email: 'carla@example.com' });
  const dan = await desk.customers.create(system, { name: 'Dan Developer', email: 'dan@example.com' });
  await desk.customers.create(system, { name: 'Erin Newcomer', email: 'erin@example.com' });
  const now = desk.clock.now().getTime();
  await desk.credits.grant(system, {
    customerId: carla.id,
    amount: 10,
    expiresAt: new Date(now + 10 * DAY_MS),
    externalRef: 'order-1001',
    costBasis: 200,
    idempotencyKey: 'seed-carla-trial',
  });
  await desk.credits.grant(system, {
    customerId: carla.id,
    amount: 20,
    validForMonths: 12,
    externalRef: 'order-1002',
    costBasis: 150,
    idempotencyKey: 'seed-carla-yearly',
  });
  await desk.credits.grant(system, {
    customerId: dan.id,
    amount: 5,
    externalRef: 'order-1003',
    costBasis: 180,
    idempotencyKey: 'seed-dan',
  });
  const older = await desk.tickets.create(system, {
    subject: 'Export to CSV times out',
    requesterId: dan.id,
    channel: 'email',
    category: 'technical',
    priority: 'high',
    message: { body: 'Exporting our 40k contacts times out after a minute.' },
  });
  await desk.tickets.addNote(system, older.id, {
    body: 'Known issue with large exports; see the incident log.',
  });
  return readDirectory(desk);
}

/** The directory of an already seeded desk. */
async function readDirectory(desk: Ticketing): Promise<DemoDirectory> {
  const system = systemActor(TENANT);
  const [agents, teams, customers] = await Promise.all([
    desk.agents.list(system, { limit: 200 }),
    desk.teams.list(system),
    desk.customers.list(system, { limit: 200 }),
  ]);
  const teamName = new Map(teams.map((team) => [team.id, team.name]));
  return {
    agents: agents.items.map((agent) => ({
      id: agent.id,
      name: agent.name,
      level: teamName.get(agent.teamIds[0] ?? '') ?? '',
    })),
    customers: customers.items
      .filter((customer) => customer.email !== null)
      .map((customer) => ({ id: customer.id, name: customer.name ?? '', email: customer.email as string }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
