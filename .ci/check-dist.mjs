// Loads every built entry point the way a consumer would (no dev-source condition), as ESM
// and as CommonJS, checks both expose the same exports, and runs a ticket through the built
// core and memory adapter in each format, and one through the built Postgres adapter on
// PGlite. Run after `pnpm build`.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const entries = [
  // The testing kit imports vitest, which cannot be require()d: ESM only in practice.
  { name: '@ticketkit/core', cjs: true },
  { name: '@ticketkit/core/testing', cjs: false },
  { name: '@ticketkit/adapters-memory', cjs: true },
  { name: '@ticketkit/adapters-postgres', cjs: true },
];

for (const { name, cjs } of entries) {
  const resolved = import.meta.resolve(name);
  assert.match(resolved, /\/dist\//, `${name} must resolve to its build, got ${resolved}`);
  const esm = await import(name);
  const esmKeys = Object.keys(esm).filter((key) => key !== 'default');
  assert.ok(esmKeys.length > 0, `${name} (ESM) exports nothing`);
  let line = `${name}: ESM ${esmKeys.length} exports`;
  if (cjs) {
    const cjsKeys = Object.keys(require(name));
    assert.deepEqual([...cjsKeys].sort(), [...esmKeys].sort(), `${name}: CJS and ESM exports differ`);
    line += `, CJS the same`;
  }
  console.log(line);
}

async function openTicket(core, adapter, format) {
  const desk = core.createTicketing({ storage: adapter.memoryAdapter() });
  const system = core.systemActor('acme');
  const ticket = await desk.tickets.create(system, {
    subject: 'Built package check',
    requester: { email: 'ada@example.com' },
    message: { body: 'Hello from the build.' },
  });
  assert.equal(ticket.number, 1);
  const error = await desk.tickets.get(system, 'tkt_missing').catch((caught) => caught);
  assert.ok(core.isTicketkitError(error) && error.code === 'NOT_FOUND', `${format}: expected NOT_FOUND`);
  console.log(`${format}: created ticket #${ticket.number} on the built memory adapter`);
}

await openTicket(await import('@ticketkit/core'), await import('@ticketkit/adapters-memory'), 'ESM');
await openTicket(require('@ticketkit/core'), require('@ticketkit/adapters-memory'), 'CJS');

async function openPgliteTicket(core, adapter, format) {
  const storage = adapter.pgliteAdapter();
  try {
    await storage.migrate();
    const desk = core.createTicketing({ storage });
    const system = core.systemActor('acme');
    const ticket = await desk.tickets.create(system, {
      subject: 'Built Postgres adapter check',
      requester: { email: 'ada@example.com' },
    });
    const { items } = await desk.tickets.list(system, { search: 'postgres' });
    assert.deepEqual(
      items.map((found) => found.id),
      [ticket.id],
    );
    console.log(`${format}: created and found ticket #${ticket.number} on the built PGlite adapter`);
  } finally {
    await storage.close();
  }
}

await openPgliteTicket(await import('@ticketkit/core'), await import('@ticketkit/adapters-postgres'), 'ESM');
await openPgliteTicket(require('@ticketkit/core'), require('@ticketkit/adapters-postgres'), 'CJS');
