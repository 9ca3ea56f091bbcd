/**
 * Copies a stored value so that neither the caller nor the store can change the other's
 * copy: plain objects, arrays and dates are copied; other values are shared (they are
 * immutable primitives in ticketkit records).
 */
export function deepCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) {
    const copy = new Array(value.length);
    for (let index = 0; index < value.length; index++) copy[index] = deepCopy(value[index]);
    return copy as T;
  }
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    if (Object.hasOwn(value, key)) copy[key] = deepCopy((value as Record<string, unknown>)[key]);
  }
  return copy as T;
}
