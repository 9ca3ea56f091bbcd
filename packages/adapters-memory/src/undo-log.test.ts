import { describe, expect, it } from 'vitest';
import { TenantLists, UndoableList, UndoableMap, UndoLog } from './undo-log';

describe('undo log', () => {
  it('UndoLog.rollback - reverts map writes, appends and callbacks, newest first', () => {
    const log = new UndoLog();
    const map = new UndoableMap<string, number>(log);
    const list = new UndoableList<string>(log);
    map.set('kept', 1);
    list.push('kept');
    log.clear();
    const order: string[] = [];
    map.set('kept', 2);
    map.add('new', 3);
    log.push(() => order.push(`callback saw kept=${map.get('kept')} new=${map.get('new')}`));
    list.push('gone');
    map.delete('kept');
    log.rollback();
    expect(order).toEqual(['callback saw kept=2 new=3']);
    expect(map.get('kept')).toBe(1);
    expect(map.has('new')).toBe(false);
    expect(list.items).toEqual(['kept']);
    // The log is empty again: a second rollback changes nothing.
    log.rollback();
    expect(map.get('kept')).toBe(1);
  });

  it('TenantLists.append - lists of one, two and more items roll back to what was committed', () => {
    const log = new UndoLog();
    const lists = new TenantLists<number>(log);
    lists.append('t1', 'a', 1);
    log.clear();
    lists.append('t1', 'a', 2);
    lists.append('t1', 'a', 3);
    lists.append('t1', 'b', 9);
    expect(lists.get('t1', 'a')).toEqual([1, 2, 3]);
    log.rollback();
    expect(lists.get('t1', 'a')).toEqual([1]);
    expect(lists.get('t1', 'b')).toEqual([]);
    lists.append('t1', 'a', 2);
    log.clear();
    lists.append('t1', 'a', 3);
    log.rollback();
    expect(lists.get('t1', 'a')).toEqual([1, 2]);
    expect(lists.get('t2', 'a')).toEqual([]);
    expect([...lists.values('t1')]).toEqual([1, 2]);
  });
});
