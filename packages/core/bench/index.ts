/**
 * Every core benchmark, one after the other, with the same options (`--time`, `--filter`):
 * the desk commands, then routing with 1,000 agents in 20 teams.
 */
await import('./core.bench');
await import('./routing.bench');

export {};
