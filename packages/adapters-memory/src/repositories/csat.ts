import {
  type CsatRating,
  type CsatRepository,
  compareKeysets,
  type ReadMarker,
  type ReadMarkerRepository,
  readMarkerPosition,
  type WriteResult,
} from '@ticketkit/core';
import { deepCopy } from '../deep-copy';
import { key, type MemoryState } from '../memory-state';

/** Satisfaction ratings in memory, one per ticket. */
export class MemoryCsat implements CsatRepository {
  constructor(private readonly state: MemoryState) {}

  async get(tenantId: string, ticketId: string): Promise<CsatRating | null> {
    const rating = this.state.csat.get(key(tenantId, ticketId));
    return rating === undefined ? null : deepCopy(rating);
  }

  async put(rating: CsatRating, expectedVersion: number | null): Promise<WriteResult> {
    const ratingKey = key(rating.tenantId, rating.ticketId);
    const stored = this.state.csat.get(ratingKey);
    if (expectedVersion === null && stored !== undefined) return 'duplicate';
    if (expectedVersion !== null && stored?.version !== expectedVersion) return 'stale';
    this.state.csat.set(ratingKey, deepCopy(rating));
    return 'ok';
  }
}

/** Read markers in memory. */
export class MemoryReadMarkers implements ReadMarkerRepository {
  constructor(private readonly state: MemoryState) {}

  async getMany(
    tenantId: string,
    reader: { kind: ReadMarker['readerKind']; id: string },
    ticketIds: string[],
  ): Promise<ReadMarker[]> {
    const found: ReadMarker[] = [];
    for (const ticketId of new Set(ticketIds)) {
      const marker = this.state.readMarkers.get(key(tenantId, reader.kind, reader.id, ticketId));
      if (marker !== undefined) found.push(deepCopy(marker));
    }
    return found;
  }

  async advance(marker: ReadMarker): Promise<WriteResult> {
    const markerKey = key(marker.tenantId, marker.readerKind, marker.readerId, marker.ticketId);
    const stored = this.state.readMarkers.get(markerKey);
    if (stored !== undefined && compareKeysets(readMarkerPosition(marker), readMarkerPosition(stored)) <= 0) {
      return 'stale';
    }
    this.state.readMarkers.set(markerKey, deepCopy(marker));
    return 'ok';
  }
}
