/**
 * In-process storage for ticketkit.
 * @packageDocumentation
 */
export { memoryAdapter, memoryCapabilities } from './memory-adapter';
