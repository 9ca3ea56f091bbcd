import { describe, expect, it } from 'vitest';
import { combineWrites } from './held-writes';

const insert = (table: string, columns: number) => ({
  text: `INSERT INTO ${table} (${Array.from({ length: columns }, (_, index) => `c${index}`).join(', ')}) VALUES (${Array.from({ length: columns }, (_, index) => `$${index + 1}::text`).join(', ')})`,
  params: Array.from({ length: columns }, (_, index) => `${table}-${index + 1}`),
});

describe('combineWrites', () => {
  it('sends one write as it is, and nothing as nothing', () => {
    const write = insert('a', 2);
    expect(combineWrites([write])).toEqual([write]);
    expect(combineWrites([])).toEqual([]);
  });

  it('combines inserts into different tables into one statement, renumbering the later placeholders', () => {
    const [statement, ...rest] = combineWrites([insert('a', 2), insert('b', 11), insert('c', 1)]);
    expect(rest).toEqual([]);
    expect(statement?.text).toBe(
      'WITH held_1 AS (INSERT INTO a (c0, c1) VALUES ($1::text, $2::text)), ' +
        'held_2 AS (INSERT INTO b (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10) VALUES ($3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::text, $11::text, $12::text, $13::text)) ' +
        'INSERT INTO c (c0) VALUES ($14::text)',
    );
    expect(statement?.params).toEqual([
      'a-1',
      'a-2',
      ...Array.from({ length: 11 }, (_, index) => `b-${index + 1}`),
      'c-1',
    ]);
  });

  it('starts a new statement at a second insert into the same table, and sends other writes alone, in order', () => {
    const update = { text: 'UPDATE a SET c0 = $1', params: ['x'] };
    const statements = combineWrites([
      insert('a', 1),
      insert('b', 1),
      insert('a', 1),
      update,
      insert('b', 1),
      insert('c', 1),
    ]);
    expect(statements.map((statement) => statement.text.split(' ', 4).join(' '))).toEqual([
      'WITH held_1 AS (INSERT',
      'INSERT INTO a (c0)',
      'UPDATE a SET c0',
      'WITH held_1 AS (INSERT',
    ]);
    expect(statements.map((statement) => statement.params)).toEqual([
      ['a-1', 'b-1'],
      ['a-1'],
      ['x'],
      ['b-1', 'c-1'],
    ]);
  });
});
