// Content sniffing: the format of an input is decided from its first bytes (after gunzip), never from
// its extension. The hard case is a file starting with `{`: NDJSON, or one JSON document (a search
// response, a pretty-printed event, `jq .` output)? A search response is recognized by its "hits" key;
// otherwise NDJSON wins whenever its first line — or any of the next few lines — is a JSON object alone,
// so a file whose first line is broken is still read as NDJSON and only that line is reported.

import { EVTX_MAGIC } from './evtx/magic.js';
import { isObject, searchHits } from './es-shapes.js';

export type SniffedFormat = 'evtx' | 'ndjson' | 'document' | 'empty' | 'utf16';

/** Bytes looked at to decide. */
export const SNIFF_BYTES = 1024 * 1024;
const LINES_TRIED = 8;

/**
 * @param head the first bytes of the decoded input (up to SNIFF_BYTES)
 * @param complete whether `head` is the whole input
 */
export function sniffFormat(head: Buffer, complete: boolean): SniffedFormat {
  if (head.length >= EVTX_MAGIC.length && head.subarray(0, EVTX_MAGIC.length).equals(EVTX_MAGIC)) return 'evtx';
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return 'utf16';
  let i = 0;
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && isSpace(head[i])) i++;
  if (i === head.length) return complete ? 'empty' : 'ndjson';
  const first = head[i];
  if (first === 0x5b) return 'document';
  if (first !== 0x7b) return 'ndjson';
  return objectStart(head, i);
}

function objectStart(head: Buffer, start: number): SniffedFormat {
  const nl = head.indexOf(0x0a, start);
  if (nl === -1) {
    // The first line fills the window: a long NDJSON line or a one-line (minified) search response.
    return hasHitsKey(head, start) ? 'document' : 'ndjson';
  }
  const firstLine = parseObject(head, start, nl);
  if (firstLine !== undefined) return searchHits(firstLine) !== undefined ? 'document' : 'ndjson';
  let from = nl + 1;
  for (let k = 0; k < LINES_TRIED; k++) {
    const next = head.indexOf(0x0a, from);
    if (next === -1) break;
    if (parseObject(head, from, next) !== undefined) return 'ndjson';
    from = next + 1;
  }
  // Several lines, none a JSON object alone: a pretty-printed document.
  return 'document';
}

function parseObject(buf: Buffer, start: number, end: number): Record<string, unknown> | undefined {
  const text = buf.toString('utf8', start, end).trim();
  if (text.length < 2 || text[0] !== '{') return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `"hits"` appears as a key (followed by `:` and `{`) in the window. */
function hasHitsKey(head: Buffer, start: number): boolean {
  let at = head.indexOf('"hits"', start, 'latin1');
  while (at !== -1) {
    let j = at + 6;
    while (j < head.length && isSpace(head[j])) j++;
    if (head[j] === 0x3a) {
      j++;
      while (j < head.length && isSpace(head[j])) j++;
      if (head[j] === 0x7b) return true;
    }
    at = head.indexOf('"hits"', at + 6, 'latin1');
  }
  return false;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
