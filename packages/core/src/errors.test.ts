import { describe, expect, it } from 'vitest';
import {
  ForbiddenError,
  isTicketkitError,
  NotFoundError,
  StorageFailureError,
  TicketkitError,
  ValidationError,
  VersionConflictError,
} from './errors';
import { expectError, instrumentedStorage, testDesk } from './test-support';

describe('errors', () => {
  it('isTicketkitError - recognizes ticketkit errors, optionally by code', () => {
    const notFound = new NotFoundError('Ticket', 'tkt_1');
    expect(isTicketkitError(notFound)).toBe(true);
    expect(isTicketkitError(notFound, 'NOT_FOUND')).toBe(true);
    expect(isTicketkitError(notFound, 'FORBIDDEN')).toBe(false);
    expect(isTicketkitError(new TicketkitError('INVALID_STATE', 'x'))).toBe(true);
  });

  it('isTicketkitError - recognizes an error from another copy of the package by its shape', () => {
    class ForeignError extends Error {
      code = 'VERSION_CONFLICT';
      details = { entity: 'Ticket' };
    }
    expect(isTicketkitError(new ForeignError('stale'))).toBe(true);
    expect(isTicketkitError(new ForeignError('stale'), 'VERSION_CONFLICT')).toBe(true);
    expect(isTicketkitError(new ForeignError('stale'), 'NOT_FOUND')).toBe(false);
  });

  it('isTicketkitError - rejects everything else', () => {
    const withCode = Object.assign(new Error('x'), { code: 'ENOENT' });
    for (const value of [
      new Error('x'),
      new TypeError('x'),
      withCode,
      { code: 'NOT_FOUND', details: {} },
      'NOT_FOUND',
      null,
      undefined,
      42,
    ]) {
      expect(isTicketkitError(value)).toBe(false);
    }
  });

  it('toJSON - carries name, code, message and details, never a stack', () => {
    const error = new VersionConflictError('Ticket', 'tkt_1', 3, 4);
    expect(error.toJSON()).toEqual({
      name: 'VersionConflictError',
      code: 'VERSION_CONFLICT',
      message: 'Ticket tkt_1 is no longer at version 3',
      details: { entity: 'Ticket', id: 'tkt_1', expectedVersion: 3, actualVersion: 4 },
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual(error.toJSON());
    expect(JSON.stringify(error)).not.toContain('stack');
    expect(JSON.stringify(new ForbiddenError('no', { fields: ['x'] }))).not.toMatch(/\bat\b.*\.ts/);
  });

  it('ValidationError - lists its issues in details', () => {
    const issues = [{ path: ['subject'], code: 'too_small', message: 'Too short' }];
    const error = new ValidationError(issues);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', issues, details: { issues } });
    expect(error).toBeInstanceOf(TicketkitError);
    expect(error).toBeInstanceOf(Error);
  });

  it('StorageFailureError - a broken backend surfaces as STORAGE_FAILURE without its message', async () => {
    let broken = false;
    const t = await testDesk({
      storage: (memory) =>
        instrumentedStorage(memory, {
          beforeCall: () => {
            if (broken) throw new Error('password=hunter2 at db.internal:5432');
          },
        }),
    });
    broken = true;
    const error = await expectError(t.open(), 'STORAGE_FAILURE');
    expect(error).toBeInstanceOf(StorageFailureError);
    expect(error.details).toEqual({});
    expect(JSON.stringify(error.toJSON())).not.toContain('hunter2');
    expect(error.message).not.toContain('hunter2');
    // The cause is logged for the operator.
    expect(String(t.logger.errors[0]?.context?.error)).toContain('hunter2');
    // Reads fail the same way.
    await expectError(t.desk.tickets.list(t.system), 'STORAGE_FAILURE');
  });
});
