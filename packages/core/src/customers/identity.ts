import type { CustomerIdentity } from '../storage/records';
import type { IdentityInput } from './customer-schemas';

/**
 * Brings an identity to its stored form, so that lookups match however the host spelled it:
 * emails and handles lower-cased, a leading `@` dropped from social handles, spaces and
 * punctuation dropped from phone numbers, network names lower-cased.
 */
export function normalizeIdentity(input: IdentityInput): CustomerIdentity {
  const network =
    input.type === 'email' || input.type === 'phone' ? null : (input.network?.toLowerCase() ?? null);
  let value = input.value.trim();
  switch (input.type) {
    case 'email':
      value = value.toLowerCase();
      break;
    case 'phone':
      value = value.replace(/[\s().-]/g, '');
      break;
    case 'social':
      value = value.replace(/^@/, '').toLowerCase();
      break;
    default:
      break;
  }
  return { type: input.type, network, value };
}

/** Whether two stored identities are the same. */
export function sameIdentity(a: CustomerIdentity, b: CustomerIdentity): boolean {
  return a.type === b.type && a.network === b.network && a.value === b.value;
}

/** The customer's identities with the primary email first, without duplicates. */
export function identitiesWithEmail(email: string | null, others: CustomerIdentity[]): CustomerIdentity[] {
  const all: CustomerIdentity[] = email === null ? [] : [{ type: 'email', network: null, value: email }];
  for (const identity of others) {
    if (!all.some((existing) => sameIdentity(existing, identity))) all.push(identity);
  }
  return all;
}
