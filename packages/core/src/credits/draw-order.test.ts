import { describe, expect, it } from 'vitest';
import type { CreditBlock } from '../storage/records';
import { compareDrawOrder, eligibleBlocks, planDraws } from './draw-order';

const NOW = new Date('2024-06-01T00:00:00Z');

function block(id: string, overrides: Partial<CreditBlock> = {}): CreditBlock {
  return {
    tenantId: 't',
    id,
    customerId: 'c',
    kind: 'grant',
    amount: 10,
    remaining: 10,
    held: 0,
    effectiveAt: new Date('2024-01-01T00:00:00Z'),
    expiresAt: new Date('2024-12-01T00:00:00Z'),
    priority: 50,
    costBasis: 100,
    scope: null,
    externalRef: null,
    sourceBlockId: null,
    voidedAt: null,
    createdAt: new Date('2024-01-01T00:00:00Z'),
    updatedAt: new Date('2024-01-01T00:00:00Z'),
    ...overrides,
  };
}

describe('draw order', () => {
  it('compareDrawOrder - scoped, then priority, then sooner expiry (never last), then cost basis, then oldest', () => {
    const blocks = [
      block('never', { expiresAt: null }),
      block('newer', { effectiveAt: new Date('2024-02-01T00:00:00Z') }),
      block('older'),
      block('cheap', { costBasis: 0 }),
      block('soon', { expiresAt: new Date('2024-07-01T00:00:00Z') }),
      block('vip', { priority: 10, expiresAt: null }),
      block('scoped', { scope: ['chat'], priority: 90, expiresAt: null }),
    ];
    expect([...blocks].sort(compareDrawOrder).map((b) => b.id)).toEqual([
      'scoped',
      'vip',
      'soon',
      'cheap',
      'older',
      'newer',
      'never',
    ]);
  });

  it('eligibleBlocks - leaves out other scopes, pending, expired, voided, overdraft and fully held blocks', () => {
    const blocks = [
      block('ok'),
      block('phone-only', { scope: ['phone'] }),
      block('pending', { effectiveAt: new Date('2024-07-01T00:00:00Z') }),
      block('expired', { expiresAt: NOW }),
      block('voided', { voidedAt: NOW }),
      block('overdraft', { kind: 'overdraft', remaining: 0 }),
      block('held', { held: 10 }),
    ];
    expect(eligibleBlocks(blocks, 'chat', NOW).map((b) => b.id)).toEqual(['ok']);
  });

  it('planDraws - takes what each block has unheld, in order, and reports the rest', () => {
    const plan = planDraws([block('a', { remaining: 5, held: 2 }), block('b', { remaining: 4 })], 6);
    expect(plan).toEqual({
      draws: [
        { blockId: 'a', amount: 3 },
        { blockId: 'b', amount: 3 },
      ],
      rest: 0,
      covered: 7,
    });
    expect(planDraws([block('a', { remaining: 2 })], 5)).toEqual({
      draws: [{ blockId: 'a', amount: 2 }],
      rest: 3,
      covered: 2,
    });
  });
});
