/**
 * Every core benchmark, one after the other, with the same options (`--time`, `--filter`):
 * the desk commands, business-time arithmetic, the scheduler with many SLA timers, and
 * routing with 1,000 agents in 20 teams.
 */
await import('./core.bench');
await import('./business-time.bench');
await import('./run-due-jobs.bench');
await import('./routing.bench');

export {};
