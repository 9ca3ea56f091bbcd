const known = new Map<string, boolean>();

/** Whether the runtime knows an IANA time zone name (results are cached). */
export function isValidTimeZone(name: string): boolean {
  let valid = known.get(name);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      valid = true;
    } catch {
      valid = false;
    }
    if (known.size < 10_000) known.set(name, valid);
  }
  return valid;
}
