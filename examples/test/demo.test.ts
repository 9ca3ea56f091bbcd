import { format } from 'node:util';
import { expect, it, vi } from 'vitest';

it('demo - runs the support-desk story to its end', async () => {
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(format(...args));
  });
  try {
    await import('../src/demo');
  } finally {
    log.mockRestore();
  }
  const output = printed.join('\n');
  expect(output).toContain('the same email delivered again -> still ticket #1 (no duplicate)');
  expect(output).toContain('#1 is waiting_on_us (open), version 5, reopened 1x');
  expect(output).toContain('0 job(s) due; #1 stays resolved');
  expect(output).toContain('1 job(s) ran: #1 is closed (closed)');
  expect(output).toContain('so this opens follow-up #2');
  expect(output).toMatch(/Sat 08 Mar 12:40 {2}system moved it resolved -> closed \(auto close\)/);
  expect(output).toContain('Ada Lovelace sees 4 messages; Ann Agent sees 5');
});
