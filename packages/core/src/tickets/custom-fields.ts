import type { ValidationIssue } from '../errors';
import { ForbiddenError, ValidationError } from '../errors';
import type { JsonObject, JsonValue } from '../json';
import type { CustomFieldDefinition } from '../settings/tenant-settings';

/**
 * Checks custom field values against the tenant's definitions. With no definitions, any
 * JSON values are accepted. With definitions, unknown keys and values of the wrong type are
 * `VALIDATION_FAILED`; `null` is accepted (it removes the field on update).
 */
export function assertCustomFieldsValid(values: JsonObject, definitions: CustomFieldDefinition[]): void {
  if (definitions.length === 0) return;
  const issues: ValidationIssue[] = [];
  for (const [key, value] of Object.entries(values)) {
    const definition = definitions.find((candidate) => candidate.key === key);
    if (definition === undefined) {
      issues.push({
        path: ['customFields', key],
        code: 'unknown_field',
        message: `Unknown custom field "${key}"`,
      });
      continue;
    }
    if (value === null) continue;
    const problem = valueProblem(value, definition);
    if (problem !== null)
      issues.push({ path: ['customFields', key], code: 'invalid_value', message: problem });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/** `VALIDATION_FAILED` when a required field has no value. */
export function assertRequiredFieldsPresent(values: JsonObject, definitions: CustomFieldDefinition[]): void {
  const missing = definitions.filter(
    (definition) => definition.required && (values[definition.key] ?? null) === null,
  );
  if (missing.length > 0) {
    throw new ValidationError(
      missing.map((definition) => ({
        path: ['customFields', definition.key],
        code: 'required',
        message: `"${definition.label}" is required`,
      })),
    );
  }
}

/** `FORBIDDEN` when a customer sets a field that is not `customerEditable`. */
export function assertCustomerMaySet(values: JsonObject, definitions: CustomFieldDefinition[]): void {
  if (definitions.length === 0) return;
  const fields = Object.keys(values).filter(
    (key) => definitions.find((definition) => definition.key === key)?.customerEditable !== true,
  );
  if (fields.length > 0) throw new ForbiddenError('Customers may not set these custom fields', { fields });
}

/** Applies a custom-field patch: `null` removes a key. */
export function mergeCustomFields(current: JsonObject, patch: JsonObject): JsonObject {
  const next: JsonObject = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

function valueProblem(value: JsonValue, definition: CustomFieldDefinition): string | null {
  switch (definition.type) {
    case 'text':
      return typeof value === 'string' ? null : 'Expected text';
    case 'number':
      return typeof value === 'number' ? null : 'Expected a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'Expected true or false';
    case 'date':
      return typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        !Number.isNaN(Date.parse(value))
        ? null
        : 'Expected a date as YYYY-MM-DD';
    case 'select':
      return typeof value === 'string' && (definition.options ?? []).includes(value)
        ? null
        : `Expected one of: ${(definition.options ?? []).join(', ')}`;
    case 'multiselect':
      return Array.isArray(value) &&
        value.every((item) => typeof item === 'string' && (definition.options ?? []).includes(item))
        ? null
        : `Expected a list drawn from: ${(definition.options ?? []).join(', ')}`;
  }
}
