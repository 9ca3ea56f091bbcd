import { describe, expect, it } from 'vitest';
import { createI18n } from './i18n';
import { en, ja } from './messages';

describe('i18n', () => {
  it('createI18n - English plurals, numbers and durations with Intl', () => {
    const i18n = createI18n('en');
    expect(i18n.t('unread', { count: 1 })).toBe('1 unread reply');
    expect(i18n.t('unread', { count: 1200 })).toBe('1,200 unread replies');
    expect(i18n.formatDuration(4 * 3600)).toBe('4 hours');
    expect(i18n.formatDuration(90 * 60)).toBe('1.5 hours');
    expect(i18n.formatDuration(2 * 86_400)).toBe('2 days');
    expect(i18n.formatDuration(30 * 60)).toBe('30 minutes');
    expect(i18n.dir).toBe('ltr');
  });

  it('createI18n - Japanese texts and dates; unknown locales fall back to English texts with their own formats', () => {
    const i18n = createI18n('ja-JP');
    expect(i18n.t('unread', { count: 3 })).toBe('未読の返信 3 件');
    expect(i18n.formatDate('2025-01-06T09:00:00.000Z')).toMatch(/2025/);
    const german = createI18n('de', { title: 'Hilfe' });
    expect(german.t('title')).toBe('Hilfe');
    expect(german.t('launcher')).toBe('Open support');
    expect(german.t('unread', { count: 1000 })).toBe('1.000 unread replies');
    expect(createI18n('he').dir).toBe('rtl');
  });

  it('messages - Japanese has every English key', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });
});
