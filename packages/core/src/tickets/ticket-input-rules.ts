import type { TenantSettings } from '../settings/tenant-settings';
import { invalidInput } from '../validation';

/** Tags as stored: lower-cased, without duplicates, in first-seen order. */
export function normalizeTags(tags: readonly string[]): string[] {
  // At most 100 tags (the schemas' limit): a scan is cheaper than a set.
  const normalized: string[] = [];
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (!normalized.includes(lower)) normalized.push(lower);
  }
  return normalized;
}

/** `VALIDATION_FAILED` unless the type is one of the tenant's ticket types. */
export function assertKnownType(type: string, settings: TenantSettings): void {
  if (!settings.ticketTypes.includes(type)) {
    invalidInput(
      ['type'],
      'unknown_type',
      `Unknown ticket type "${type}"; allowed: ${settings.ticketTypes.join(', ')}`,
    );
  }
}

/** `VALIDATION_FAILED` unless the category is configured (any category passes when none are). */
export function assertKnownCategory(category: string | null, settings: TenantSettings): void {
  if (category === null || settings.categories.length === 0) return;
  if (!settings.categories.some((candidate) => candidate.id === category)) {
    invalidInput(['category'], 'unknown_category', `Unknown category "${category}"`);
  }
}
