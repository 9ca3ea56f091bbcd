import { describe, expect, it } from 'vitest';
import { carryWrites, combineWrites } from './held-writes';

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

describe('combineWrites: rows', () => {
  it('merges consecutive single-row inserts of one text into one multi-row insert, rows in order', () => {
    const one = (value: string) => ({
      text: 'INSERT INTO e (a, b) VALUES ($1, $2::jsonb)',
      params: [value, `{}`],
    });
    const other = insert('t', 1);
    const statements = combineWrites([one('x'), one('y'), one('z'), other, one('w')]);
    expect(statements).toEqual([
      {
        text: 'WITH held_1 AS (INSERT INTO e (a, b) VALUES ($1, $2::jsonb), ($3, $4::jsonb), ($5, $6::jsonb)) INSERT INTO t (c0) VALUES ($7::text)',
        params: ['x', '{}', 'y', '{}', 'z', '{}', 't-1'],
      },
      { text: 'INSERT INTO e (a, b) VALUES ($1, $2::jsonb)', params: ['w', '{}'] },
    ]);
  });

  it('leaves inserts that do not end with their row as they are', () => {
    const conflicting = { text: 'INSERT INTO e (a) VALUES ($1) ON CONFLICT DO NOTHING', params: ['x'] };
    expect(combineWrites([conflicting, conflicting])).toEqual([conflicting, conflicting]);
  });
});

describe('carryWrites', () => {
  const statement = { text: 'WITH a AS (UPDATE x SET y = $1) SELECT $2::integer', params: ['y', 2] };

  it('puts the held inserts ahead of the statement as CTEs, placeholders renumbered', () => {
    expect(carryWrites([insert('e', 2), insert('e', 2), insert('i', 1)], statement)).toEqual({
      text: 'WITH held_1 AS (INSERT INTO e (c0, c1) VALUES ($1::text, $2::text), ($3::text, $4::text)), held_2 AS (INSERT INTO i (c0) VALUES ($5::text)), a AS (UPDATE x SET y = $6) SELECT $7::integer',
      params: ['e-1', 'e-2', 'e-1', 'e-2', 'i-1', 'y', 2],
    });
  });

  it('declines when a held write is not a plain insert, two go to one table, or the statement is no WITH', () => {
    expect(carryWrites([{ text: 'UPDATE e SET a = $1', params: [1] }], statement)).toBeNull();
    expect(carryWrites([insert('e', 1), insert('i', 1), insert('e', 1)], statement)).toBeNull();
    expect(carryWrites([insert('e', 1)], { text: 'SELECT $1::integer', params: [1] })).toBeNull();
  });
});
