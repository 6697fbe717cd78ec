// A file holding JSON documents rather than lines: a JSON array of events, an Elasticsearch search
// response (`hits.hits[]._source`), a JSON array of responses (scroll dumps), a single pretty-printed
// event, or several such documents one after another. Records are cut by the streaming scanner and
// parsed one at a time; origins carry the record ordinal and the line where the record starts.

import { issue, type Issue } from '../common/issues.js';
import { BatchBuilder } from './batch-builder.js';
import type { ByteSource } from './byte-source.js';
import { isHit, isObject, searchHits } from './es-shapes.js';
import { JsonScanner, type ElementKind } from './json-stream.js';
import type { ResolvedReadOptions } from './options.js';
import type { ContainerFormat, RawBatch, Reader } from './types.js';

export class JsonDocumentReader implements Reader {
  readonly format = 'json';

  constructor(
    private readonly source: ByteSource,
    private readonly opts: ResolvedReadOptions,
  ) {}

  get name(): string {
    return this.source.name;
  }

  async *batches(): AsyncGenerator<RawBatch> {
    const file = this.source.name;
    const out = new BatchBuilder(file, this.opts.batchSize);
    const report = (i: Issue): void => out.addIssue(i);
    let record = 0;

    const add = (value: unknown, line: number, format: ContainerFormat, what: string): void => {
      const origin = { file, record: ++record, line };
      if (isObject(value)) out.add({ value, origin, format });
      else report(issue('OS_READ_NOT_OBJECT', `${what} is ${describe(value)}, not a JSON object`, origin));
    };

    const scanner = new JsonScanner(this.opts.maxLineBytes, {
      element(text: string, kind: ElementKind, line: number): void {
        let v: unknown;
        try {
          v = JSON.parse(text);
        } catch (e) {
          report(issue('OS_READ_JSON', `invalid JSON in ${label(kind)}: ${(e as Error).message}`, { file, record: ++record, line }));
          return;
        }
        if (kind === 'hit') {
          add(isObject(v) ? v._source : v, line, 'es-hits', 'the "_source" of a search hit');
          return;
        }
        if (isObject(v)) {
          if (v._source !== undefined && isHit(v)) {
            add(v._source, line, 'es-hits', 'the "_source" of a search hit');
            return;
          }
          const hits = v.hits !== undefined ? searchHits(v) : undefined;
          if (hits !== undefined) {
            for (const h of hits) add(isObject(h) ? h._source : h, line, 'es-hits', 'the "_source" of a search hit');
            return;
          }
        }
        add(v, line, 'json', label(kind));
      },
      bad(code, kind, line, message): void {
        report(issue(code, `${label(kind)}: ${message}`, { file, record: ++record, line }));
      },
      truncated(kind, line): void {
        const what = kind === 'container' ? 'the document' : `${label(kind)} ${record + 1}`;
        report(issue('OS_READ_TRUNCATED', `input ends inside ${what} (started at line ${line}); records before it are kept`, { file, line }));
      },
    });

    for await (const chunk of this.source.chunks()) {
      scanner.push(chunk);
      yield* out.take();
    }
    scanner.end();
    for (const i of this.source.issues) report(i);
    yield* out.finish();
  }
}

function label(kind: ElementKind | 'container'): string {
  return kind === 'item' ? 'array element' : kind === 'hit' ? 'search hit' : kind === 'root' ? 'document' : 'document';
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
