// Recognizers for the Elasticsearch container shapes that wrap events: search hits, search responses
// and _bulk action lines. They only look at a few properties so they can run on every record.

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A search hit: `{"_index":…, "_id":…, "_source":{…}}` (the `_source` may be missing or not an object). */
export function isHit(o: JsonObject): boolean {
  return o._source !== undefined && (o._index !== undefined || o._id !== undefined);
}

/** The `hits.hits` array of a search response (or a scroll/search_after page), or undefined. */
export function searchHits(o: JsonObject): unknown[] | undefined {
  const h = o.hits;
  if (!isObject(h)) return undefined;
  const hh = h.hits;
  return Array.isArray(hh) ? hh : undefined;
}

export type BulkOp = 'index' | 'create' | 'update' | 'delete';

/**
 * The operation of a _bulk action line (`{"index":{…}}`, `{"create":{…}}`, `{"update":{…}}`, `{"delete":{…}}`),
 * or undefined. An action line has exactly one key whose value is an object: an event that merely has a
 * field called `index` is not mistaken for one.
 */
export function bulkOp(o: JsonObject): BulkOp | undefined {
  if (o.index === undefined && o.create === undefined && o.update === undefined && o.delete === undefined) return undefined;
  let op: BulkOp | undefined;
  let keys = 0;
  for (const k in o) {
    if (++keys > 1) return undefined;
    if (k === 'index' || k === 'create' || k === 'update' || k === 'delete') op = k;
  }
  return op !== undefined && isObject(o[op]) ? op : undefined;
}
