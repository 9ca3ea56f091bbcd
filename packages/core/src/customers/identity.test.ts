import { describe, expect, it } from 'vitest';
import { identitiesWithEmail, normalizeIdentity } from './identity';

describe('normalizeIdentity', () => {
  it('normalizeIdentity - lower-cases emails and drops any network', () => {
    expect(normalizeIdentity({ type: 'email', network: 'Gmail', value: '  Ada@Example.COM ' })).toEqual({
      type: 'email',
      network: null,
      value: 'ada@example.com',
    });
  });

  it('normalizeIdentity - strips spaces and punctuation from phone numbers', () => {
    expect(normalizeIdentity({ type: 'phone', value: '+1 (555) 010-00.00' })).toEqual({
      type: 'phone',
      network: null,
      value: '+15550100000',
    });
  });

  it('normalizeIdentity - drops a leading @ from social handles and lower-cases handle and network', () => {
    expect(normalizeIdentity({ type: 'social', network: 'X', value: '@Ada_Lovelace' })).toEqual({
      type: 'social',
      network: 'x',
      value: 'ada_lovelace',
    });
  });

  it('normalizeIdentity - keeps chat and external values as given, lower-casing only the network', () => {
    expect(normalizeIdentity({ type: 'external', network: 'Stripe', value: ' cus_AbC ' })).toEqual({
      type: 'external',
      network: 'stripe',
      value: 'cus_AbC',
    });
    expect(normalizeIdentity({ type: 'chat', value: 'Visitor-42' })).toEqual({
      type: 'chat',
      network: null,
      value: 'Visitor-42',
    });
  });

  it('identitiesWithEmail - puts the primary email first and drops duplicates', () => {
    const phone = { type: 'phone' as const, network: null, value: '+1555' };
    expect(
      identitiesWithEmail('a@b.test', [phone, { type: 'email', network: null, value: 'a@b.test' }, phone]),
    ).toEqual([{ type: 'email', network: null, value: 'a@b.test' }, phone]);
    expect(identitiesWithEmail(null, [phone])).toEqual([phone]);
  });
});
