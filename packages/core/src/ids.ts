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
  creditBlock: 'blk',
  creditEntry: 'cre',
  creditHold: 'hold',
} as const;

/** What an id identifies. */
export type IdKind = keyof typeof ID_PREFIXES;

/** Produces a new unique id for a kind of record. Inject one for deterministic tests. */
export type IdGenerator = (kind: IdKind) => string;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Character codes of {@link ALPHABET}. */
const ALPHABET_CODES = Array.from(ALPHABET, (character) => character.charCodeAt(0));
const RANDOM_LENGTH = 20;
const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let poolOffset = POOL_SIZE;
/**
 * `prefix_` followed by room for the random characters, as character codes: reused for each
 * id of a built-in prefix (ids are made synchronously, one at a time).
 */
function codeBuffer(prefix: string): number[] {
  return [...Array.from(`${prefix}_`, (character) => character.charCodeAt(0)), ...new Array(RANDOM_LENGTH)];
}

const codeBuffers = new Map<string, number[]>(
  Object.values(ID_PREFIXES).map((prefix) => [prefix, codeBuffer(prefix)]),
);

/** One unbiased random base-62 character code, from a pool refilled by the platform's CSPRNG. */
function randomBase62Code(): number {
  for (;;) {
    if (poolOffset >= pool.length) {
      pool = crypto.getRandomValues(new Uint8Array(POOL_SIZE));
      poolOffset = 0;
    }
    const byte = pool[poolOffset++] as number;
    // 248 = 4 * 62: rejecting the top 8 values keeps every character equally likely.
    if (byte < 248) return ALPHABET_CODES[byte % 62] as number;
  }
}

/**
 * The default generator: prefix, underscore, 20 random base-62 characters (about 119 bits),
 * from the platform's cryptographic random source. Same scheme as nanoid's custom alphabets,
 * with a shared byte pool so an id costs no allocation beyond the string itself.
 */
export const defaultIdGenerator: IdGenerator = (kind) => prefixedRandomId(ID_PREFIXES[kind]);

/** `prefix`, an underscore and 20 random base-62 characters, as {@link defaultIdGenerator} makes them. */
export function prefixedRandomId(prefix: string): string {
  const codes = codeBuffers.get(prefix) ?? codeBuffer(prefix);
  const start = codes.length - RANDOM_LENGTH;
  for (let index = start; index < codes.length; index++) codes[index] = randomBase62Code();
  // One flat string (no chain of concatenations to flatten when the id is first hashed).
  return String.fromCharCode.apply(null, codes);
}
