import { describe, expect, it } from 'vitest';
import { systemActor } from '../actors';
import { expectError, OTHER_TENANT, testDesk, typesOf } from '../test-support';
import { DEFAULT_TENANT_SETTINGS } from './tenant-settings';

describe('settings', () => {
  it('get - a tenant that changed nothing has the desk defaults, at version 0', async () => {
    const t = await testDesk({ defaults: { defaultPriority: 'high' } });
    expect(await t.desk.settings.get(t.system)).toEqual({
      settings: { ...DEFAULT_TENANT_SETTINGS, defaultPriority: 'high' },
      version: 0,
    });
  });

  it('update - a partial update keeps every other setting', async () => {
    const t = await testDesk({ defaults: { defaultPriority: 'high' } });
    await t.desk.settings.update(t.system, { autoCloseAfterSeconds: 3600, ticketTypes: ['bug'] });
    const result = await t.desk.settings.update(t.ada, { agentReplyMovesToPending: true });
    const expected = {
      ...DEFAULT_TENANT_SETTINGS,
      defaultPriority: 'high',
      autoCloseAfterSeconds: 3600,
      ticketTypes: ['bug'],
      agentReplyMovesToPending: true,
    };
    expect(result).toEqual({ settings: expected, version: 2 });
    expect(await t.desk.settings.get(t.system)).toEqual({ settings: expected, version: 2 });
    expect((await t.storedEvents()).map((event) => [event.type, event.data])).toEqual([
      [
        'settings.updated',
        {
          changes: [
            { field: 'ticketTypes', from: DEFAULT_TENANT_SETTINGS.ticketTypes, to: ['bug'] },
            { field: 'autoCloseAfterSeconds', from: 345_600, to: 3600 },
          ],
        },
      ],
      ['settings.updated', { changes: [{ field: 'agentReplyMovesToPending', from: false, to: true }] }],
    ]);
    // Other tenants keep the defaults.
    expect((await t.desk.settings.get(systemActor(OTHER_TENANT))).version).toBe(0);
  });

  it('update - setting a value it already has writes nothing', async () => {
    const t = await testDesk();
    expect(await t.desk.settings.update(t.system, { defaultPriority: 'medium' })).toEqual({
      settings: DEFAULT_TENANT_SETTINGS,
      version: 0,
    });
    expect(await t.storedEvents()).toEqual([]);
  });

  it('update - defaultPipelineId must name an existing pipeline', async () => {
    const t = await testDesk();
    const error = await expectError(
      t.desk.settings.update(t.system, { defaultPipelineId: 'nope' }),
      'VALIDATION_FAILED',
    );
    expect(error.details.issues).toEqual([
      expect.objectContaining({ path: ['defaultPipelineId'], code: 'unknown_pipeline' }),
    ]);
    expect((await t.desk.settings.get(t.system)).version).toBe(0);
    await t.desk.pipelines.create(t.system, {
      id: 'sales',
      name: 'Sales',
      stages: [{ id: 'lead', name: 'Lead', category: 'new' }],
    });
    await t.desk.settings.update(t.system, { defaultPipelineId: 'sales' });
    expect((await t.open()).pipelineId).toBe('sales');
  });

  it('update - a stale expectedVersion is VERSION_CONFLICT', async () => {
    const t = await testDesk();
    await t.desk.settings.update(t.system, { defaultPriority: 'low' }, { expectedVersion: 0 });
    await expectError(
      t.desk.settings.update(t.system, { defaultPriority: 'urgent' }, { expectedVersion: 0 }),
      'VERSION_CONFLICT',
      { entity: 'Settings', id: 'acme', expectedVersion: 0, actualVersion: 1 },
    );
    expect(await t.desk.settings.get(t.system)).toMatchObject({
      settings: { defaultPriority: 'low' },
      version: 1,
    });
    await t.desk.settings.update(t.system, { defaultPriority: 'urgent' }, { expectedVersion: 1 });
    expect((await t.desk.settings.get(t.system)).version).toBe(2);
  });

  it('update - invalid values and customers are refused', async () => {
    const t = await testDesk();
    await expectError(t.desk.settings.update(t.system, { ticketTypes: [] }), 'VALIDATION_FAILED');
    await expectError(t.desk.settings.update(t.system, { autoCloseAfterSeconds: -1 }), 'VALIDATION_FAILED');
    await expectError(
      t.desk.settings.update(t.system, { unknownSetting: true } as never),
      'VALIDATION_FAILED',
    );
    await expectError(t.desk.settings.update(t.carla, { defaultPriority: 'low' }), 'FORBIDDEN');
    expect(typesOf(await t.storedEvents())).toEqual([]);
  });
});

describe('settings access', () => {
  it('get - customers are FORBIDDEN', async () => {
    const t = await testDesk();
    await expectError(t.desk.settings.get(t.carla), 'FORBIDDEN');
  });
});

describe('settings.publicView', () => {
  it('settings.publicView - any actor reads the customer-facing subset; internal custom fields are left out', async () => {
    const t = await testDesk({
      settings: {
        categories: [{ id: 'billing', name: 'Billing' }],
        customFields: [
          { key: 'order', label: 'Order number', type: 'text', customerEditable: true },
          { key: 'churn_risk', label: 'Churn risk', type: 'select', options: ['low', 'high'] },
        ],
        csatScale: 'thumbs',
      },
    });
    const view = await t.desk.settings.publicView(t.carla);
    expect(view).toEqual({
      categories: [{ id: 'billing', name: 'Billing' }],
      customFields: [
        { key: 'order', label: 'Order number', type: 'text', required: false, customerEditable: true },
      ],
      customerCanSetPriority: false,
      defaultPriority: 'medium',
      csatScale: 'thumbs',
      csatChangeWindowSeconds: 7 * 24 * 60 * 60,
      awaitingCreditsStageId: null,
    });
    expect(await t.desk.settings.publicView(t.ada)).toEqual(view);
  });
});
