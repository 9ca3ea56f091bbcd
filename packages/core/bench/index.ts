/**
 * Every core benchmark, one after the other, with the same options (`--time`, `--filter`):
 * the desk commands, business-time arithmetic, and the scheduler with many SLA timers.
 */
await import('./core.bench');
await import('./business-time.bench');
await import('./run-due-jobs.bench');

export {};
