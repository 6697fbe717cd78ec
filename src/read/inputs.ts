// The entry point of the read stage: command-line inputs (files, folders, globs, `-` for stdin) become
// one stream of raw-record batches. Missing inputs are issues, not failures: the run reads what exists.
// Each file's format is sniffed from its content (after gunzip), never taken from its extension.

import { stat } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';

import type { Readable } from 'node:stream';
import { issue, type Issue } from '../common/issues.js';
import { ByteSource, errorText } from './byte-source.js';
import { EVTX_MAGIC } from './evtx/magic.js';
import { open } from 'node:fs/promises';
import { JsonDocumentReader } from './json-document-reader.js';
import { NdjsonReader } from './ndjson-reader.js';
import { resolveReadOptions, type ReadOptions } from './options.js';
import { SNIFF_BYTES, sniffFormat } from './sniff.js';
import type { RawBatch, Reader } from './types.js';

export const STDIN = '-';

// Folders and globs are rare next to plain file names (a hunt worker only ever names files): the glob library
// loads when one is met.
const globber = (): Promise<typeof import('tinyglobby')> => import('tinyglobby');

export interface ResolvedInputs {
  /** Files in read order (normalized paths, sorted, duplicates removed); `-` (stdin) first when given. */
  files: string[];
  issues: Issue[];
}

/** Expands inputs to the list of files they name, without opening them. */
export async function resolveInputs(inputs: readonly string[]): Promise<ResolvedInputs> {
  const files = new Set<string>();
  const issues: Issue[] = [];
  let stdin = false;
  for (const input of inputs) {
    if (input === STDIN) {
      stdin = true;
      continue;
    }
    const st = await stat(input).catch((e: unknown) => e as NodeJS.ErrnoException);
    if (!(st instanceof Error)) {
      if (st.isDirectory()) {
        const found = await (await globber()).glob('**/*', { cwd: input, absolute: false, onlyFiles: true, dot: false, followSymbolicLinks: true });
        if (found.length === 0) issues.push(issue('OS_READ_NO_MATCH', `folder ${input} holds no files`, { file: input }));
        for (const f of found) files.add(join(input, f));
      } else {
        files.add(normalize(input));
      }
      continue;
    }
    const { glob, isDynamicPattern } = await globber();
    if (isDynamicPattern(input)) {
      const found = await glob(input, { onlyFiles: true, dot: false, expandDirectories: false, absolute: isAbsolute(input) });
      if (found.length === 0) issues.push(issue('OS_READ_NO_MATCH', `no file matches ${input}`, { file: input }));
      for (const f of found) files.add(normalize(f));
      continue;
    }
    issues.push(issue('OS_READ_OPEN', `cannot open ${input}: ${errorText(st)}`, { file: input }));
  }
  const sorted = [...files].sort(comparePaths);
  return { files: stdin ? [STDIN, ...sorted] : sorted, issues };
}

/** Reads every input in order, batch by batch. Never throws for bad or missing input. */
export async function* openInputs(inputs: readonly string[], opts: ReadOptions = {}): AsyncGenerator<RawBatch> {
  const { files, issues } = await resolveInputs(inputs);
  if (issues.length > 0) yield { records: [], issues };
  // Consecutive EVTX files are parsed together, on worker threads where there are spare cores; the output order
  // stays file order, then record order.
  let evtx: string[] = [];
  for (const f of files) {
    if (f !== STDIN && (await startsWithEvtxMagic(f))) {
      evtx.push(f);
      continue;
    }
    if (evtx.length) {
      yield* readEvtxRun(evtx, opts);
      evtx = [];
    }
    const reader = f === STDIN ? await readerForStream(STDIN, opts.stdin ?? process.stdin, opts) : await readerFor(f, opts);
    yield* reader.batches();
  }
  if (evtx.length) yield* readEvtxRun(evtx, opts);
}

// The EVTX decoder loads on the first EVTX input: most runs (and every hunt worker) read JSON only.
async function* readEvtxRun(paths: string[], opts: ReadOptions): AsyncGenerator<RawBatch> {
  const { readEvtxFiles } = await import('./evtx/parallel.js');
  yield* readEvtxFiles(paths, { workers: opts.evtxWorkers });
}

/** A cheap look at the first bytes; anything unreadable goes the normal way and is reported there. */
async function startsWithEvtxMagic(path: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'r');
    const buf = Buffer.alloc(EVTX_MAGIC.length);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return bytesRead === buf.length && buf.equals(EVTX_MAGIC);
  } catch {
    return false;
  } finally {
    await fh?.close();
  }
}

/** The reader for one file, chosen by content. An unreadable file gives a reader that yields the issue. */
export async function readerFor(path: string, opts: ReadOptions = {}): Promise<Reader> {
  const o = resolveReadOptions(opts);
  const src = await ByteSource.openFile(path, o.highWaterMark);
  if (!(src instanceof ByteSource)) return issueReader(path, [src]);
  return readerForSource(src, opts, path);
}

/** The reader for a stream (stdin, an HTTP body…), chosen by content. */
export async function readerForStream(name: string, stream: Readable, opts: ReadOptions = {}): Promise<Reader> {
  const o = resolveReadOptions(opts);
  return readerForSource(ByteSource.fromStream(name, stream, o.highWaterMark), opts);
}

async function readerForSource(src: ByteSource, opts: ReadOptions, path?: string): Promise<Reader> {
  const o = resolveReadOptions(opts);
  let format = sniffFormat(await src.peek(SNIFF_BYTES), src.complete);
  if (format === 'utf16') {
    src.transcodeUtf16();
    format = sniffFormat(await src.peek(SNIFF_BYTES), src.complete);
  }
  switch (format) {
    case 'ndjson':
      return new NdjsonReader(src, o);
    case 'document':
      return new JsonDocumentReader(src, o);
    case 'empty':
      src.close();
      return issueReader(src.name, [...src.issues, ...(src.issues.length === 0 ? [issue('OS_READ_EMPTY', 'input holds no records', { file: src.name })] : [])]);
    case 'evtx':
      src.close();
      if (path !== undefined && !src.gzip) {
        try {
          const { createEvtxReader } = await import('./evtx/index.js');
          return createEvtxReader(path);
        } catch (e) {
          return issueReader(path, [issue('OS_INTERNAL', `the EVTX reader failed to start: ${errorText(e)}`, { file: path })]);
        }
      }
      return issueReader(src.name, [issue('OS_READ_UNKNOWN_FORMAT', 'EVTX is read from an uncompressed file only (not from stdin or gzip)', { file: src.name })]);
    case 'utf16':
      src.close();
      return issueReader(src.name, [issue('OS_READ_UNKNOWN_FORMAT', 'input is UTF-16 with two byte-order marks; re-encode it as UTF-8', { file: src.name })]);
  }
}

/** A reader with no records, only issues. */
export function issueReader(name: string, issues: Issue[]): Reader {
  return {
    name,
    async *batches(): AsyncGenerator<RawBatch> {
      yield { records: [], issues };
    },
  };
}

/** Code-unit order, independent of locale, so the order is the same on every machine. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

