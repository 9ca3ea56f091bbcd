import type { Logger } from '../events';

/** A logger that keeps what it receives, so tests can assert on logged failures. */
export class RecordingLogger implements Logger {
  readonly errors: Array<{ message: string; context: Record<string, unknown> | undefined }> = [];
  readonly warnings: Array<{ message: string; context: Record<string, unknown> | undefined }> = [];

  error(message: string, context?: Record<string, unknown>): void {
    this.errors.push({ message, context });
  }

  warn(message: string, context?: Record<string, unknown>): void {
    this.warnings.push({ message, context });
  }
}
