import { systemActor, type Ticketing } from '@ticketkit/core';

/** The demo tenant. */
export const TENANT = 'acme';

/** Ids of what the seed creates, for sign-in pages and tests. */
export interface DemoDirectory {
  agents: Array<{ id: string; name: string; level: string }>;
  customers: Array<{ id: string; name: string; email: string }>;
}

/**
 * Seeds the demo desk once: on a database that already has the demo tenant (a restart with
 * the same data folder), it only reads back who is there.
 *
 * Seeds support levels as teams, agents at each level, customers, ticket
 * topics and a customer-editable field, and a few tickets so the console is not empty.
 * Credit packs, an SLA policy and a business calendar are seeded once those engines are in
 * core; until then the demo shows only what the desk has.
 */
export async function seedDemo(desk: Ticketing): Promise<DemoDirectory> {
  const system = systemActor(TENANT);
  if ((await desk.settings.get(system)).version > 0) return readDirectory(desk);
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
  });
  const levels = [
    { id: 'l1', name: 'L1 Frontline' },
    { id: 'l2', name: 'L2 Specialists' },
    { id: 'l3', name: 'L3 Team leads' },
  ];
  for (const level of levels) await desk.teams.create(system, level);
  const agentSeeds = [
    { id: 'agt_ann', name: 'Ann Frontline', level: 'l1' },
    { id: 'agt_ben', name: 'Ben Frontline', level: 'l1' },
    { id: 'agt_sam', name: 'Sam Specialist', level: 'l2' },
    { id: 'agt_lee', name: 'Lee Team Lead', level: 'l3' },
  ];
  for (const agent of agentSeeds) {
    await desk.agents.create(system, {
      id: agent.id,
      name: agent.name,
      email: `${agent.id.slice(4)}@acme.example`,
      teamIds: [agent.level],
      status: 'online',
    });
  }
  await desk.customers.create(system, { name: 'Carla Customer', email: 'carla@example.com' });
  const dan = await desk.customers.create(system, { name: 'Dan Developer', email: 'dan@example.com' });
  const older = await desk.tickets.create(system, {
    subject: 'Export to CSV times out',
    requesterId: dan.id,
    channel: 'email',
    category: 'technical',
    priority: 'high',
    message: { body: 'Exporting our 40k contacts times out after a minute.' },
  });
  await desk.tickets.addNote(systemActor(TENANT), older.id, {
    body: 'Known issue with large exports; see the incident log.',
  });
  await desk.tickets.assign(system, older.id, { teamId: 'l2' });
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
