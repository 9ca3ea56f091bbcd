import { customAlphabet } from 'nanoid';

/** Prefixes that make every id say what it identifies (`tkt_...` is a ticket). */
export const ID_PREFIXES = {
  ticket: 'tkt',
  message: 'msg',
  customer: 'cus',
  agent: 'agt',
  team: 'team',
  pipeline: 'pip',
  event: 'evt',
  job: 'job',
  link: 'lnk',
} as const;

/** What an id identifies. */
export type IdKind = keyof typeof ID_PREFIXES;

/** Produces a new unique id for a kind of record. Inject one for deterministic tests. */
export type IdGenerator = (kind: IdKind) => string;

const randomPart = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 20);

/** The default generator: prefix, underscore, 20 random base-62 characters (about 119 bits). */
export const defaultIdGenerator: IdGenerator = (kind) => `${ID_PREFIXES[kind]}_${randomPart()}`;
