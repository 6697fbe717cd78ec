// Ingest bodies arrive as raw bytes (any Content-Type: shippers disagree on it), possibly gzip- or
// deflate-compressed. Decompression is bounded, so a small bomb cannot become gigabytes in memory.

import { gunzipSync, inflateSync } from 'node:zlib';
import { ApiError, badRequest } from '../errors.js';

export function decodeBody(body: unknown, contentEncoding: string | string[] | undefined, maxDecompressedBytes: number): Buffer {
  const buf = Buffer.isBuffer(body) ? body : typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.alloc(0);
  const enc = (Array.isArray(contentEncoding) ? contentEncoding.join(',') : (contentEncoding ?? '')).trim().toLowerCase();
  if (enc === '' || enc === 'identity') return buf;
  if (enc !== 'gzip' && enc !== 'x-gzip' && enc !== 'deflate') {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Encoding "${enc.slice(0, 40)}" is not supported (gzip, deflate or none)`);
  }
  try {
    return enc === 'deflate' ? inflateSync(buf, { maxOutputLength: maxDecompressedBytes }) : gunzipSync(buf, { maxOutputLength: maxDecompressedBytes });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new ApiError(413, 'BODY_TOO_LARGE', `the decompressed body is larger than ${maxDecompressedBytes} bytes`);
    }
    throw badRequest(`the body is not valid ${enc} data: ${err.message}`);
  }
}
