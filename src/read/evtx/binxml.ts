// Binary XML (BinXML) → a small tree with substitution slots. A template definition is parsed once per
// chunk into such a tree; each record then only decodes its substitution array (values.ts) and the tree
// is evaluated against it (render.ts), so the token stream of a template is walked once, not per record.

import { VT, renderArray, renderScalar, utf16 } from './values.js';

/** Node kinds (plain constants: const enums do not survive per-file transpilers). */
export const K = { Slot: 1, Elem: 2, Inst: 3 } as const;

/** A reference to substitution value `index`; `optional` slots with a null value make their attribute vanish. */
export interface Slot {
  k: typeof K.Slot;
  index: number;
  optional: boolean;
}
export interface XmlAttr {
  name: string;
  parts: Part[];
}
export interface XmlElem {
  k: typeof K.Elem;
  name: string;
  attrs: XmlAttr[];
  children: Node[];
  /** Compiled evaluation plan, cached on the element (render.ts): a WeakMap makes every GC scavenge slow. */
  plan?: unknown;
}
/** A template instance bound to its own values (top of a record, or inside embedded BinXML). */
export interface Inst {
  k: typeof K.Inst;
  template: Template;
  values: Val[];
}
export type Part = string | Slot;
export type Node = Part | XmlElem | Inst;
/** A decoded substitution value: text, absent, an array's items, or an embedded BinXML fragment. */
export type Val = string | null | string[] | Fragment;
export interface Fragment {
  nodes: Node[];
}
export interface Template {
  offset: number;
  guid: string;
  nodes: Node[];
}

export class BinXmlError extends Error {}

const MAX_DEPTH = 64;

const T_EOF = 0x00;
const T_OPEN = 0x01;
const T_CLOSE_START = 0x02;
const T_CLOSE_EMPTY = 0x03;
const T_END = 0x04;
const T_VALUE = 0x05;
const T_ATTR = 0x06;
const T_CDATA = 0x07;
const T_CHARREF = 0x08;
const T_ENTITY = 0x09;
const T_PI_TARGET = 0x0a;
const T_PI_DATA = 0x0b;
const T_TEMPLATE = 0x0c;
const T_SUBST = 0x0d;
const T_OPT_SUBST = 0x0e;
const T_FRAGMENT = 0x0f;
const T_MORE = 0x40;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Per-chunk parsing context: the chunk bytes (offsets in BinXML are chunk-relative) and its caches. */
export class ChunkContext {
  readonly names = new Map<number, string>();
  readonly templates = new Map<number, Template | null>();
  constructor(readonly b: Buffer) {}

  /** A name string at a chunk offset: next-offset u32, hash u16, char count u16, UTF-16 chars, NUL. */
  name(off: number): string {
    const cached = this.names.get(off);
    if (cached !== undefined) return cached;
    const b = this.b;
    if (off < 0 || off + 8 > b.length) throw new BinXmlError(`name offset ${off} outside the chunk`);
    const n = b.readUInt16LE(off + 6);
    if (off + 8 + n * 2 > b.length) throw new BinXmlError(`name at ${off} runs past the chunk`);
    const s = utf16(b, off + 8, off + 8 + n * 2);
    this.names.set(off, s);
    return s;
  }

  /** Bytes a name occupies when it is defined inline. */
  nameSize(off: number): number {
    return 10 + this.b.readUInt16LE(off + 6) * 2;
  }
}

export interface Cursor {
  p: number;
  end: number;
}

/** Read a name reference at c.p (u32 offset); skip the inline definition when it follows immediately. */
function readNameRef(ctx: ChunkContext, c: Cursor): string {
  const off = ctx.b.readUInt32LE(c.p);
  c.p += 4;
  const name = ctx.name(off);
  if (off === c.p) c.p += ctx.nameSize(off);
  return name;
}

/** Whether a well-formed name (non-empty, NUL-terminated, inside the chunk) sits at `off`. */
function plausibleName(ctx: ChunkContext, off: number, limit: number): boolean {
  if (ctx.names.has(off)) return true;
  const b = ctx.b;
  if (off < 0 || off + 10 > limit) return false;
  const n = b.readUInt16LE(off + 6);
  return n > 0 && off + 10 + n * 2 <= limit && b.readUInt16LE(off + 8 + n * 2) === 0;
}

/**
 * Parse BinXML tokens from c.p until EOF, an end-element token (consumed by the caller) or c.end.
 * `stopAtEnd` is true inside an element (its end token is left for the caller); at the top level a stray
 * end token is skipped.
 */
export function parseNodes(ctx: ChunkContext, c: Cursor, depth: number, stopAtEnd: boolean): Node[] {
  if (depth > MAX_DEPTH) throw new BinXmlError('Binary XML nested too deeply');
  const b = ctx.b;
  const out: Node[] = [];
  while (c.p < c.end) {
    const tok = b[c.p];
    const base = tok & ~T_MORE;
    switch (base) {
      case T_EOF:
        c.p++;
        return out;
      case T_END:
        if (stopAtEnd) return out;
        c.p++;
        break;
      case T_FRAGMENT:
        c.p += 4;
        break;
      case T_OPEN:
        out.push(parseElement(ctx, c, depth + 1));
        break;
      case T_VALUE:
      case T_CDATA:
      case T_CHARREF:
      case T_ENTITY:
      case T_SUBST:
      case T_OPT_SUBST:
        out.push(parsePart(ctx, c));
        break;
      case T_PI_TARGET:
        c.p++;
        readNameRef(ctx, c);
        break;
      case T_PI_DATA: {
        const n = b.readUInt16LE(c.p + 1);
        c.p += 3 + n * 2;
        break;
      }
      case T_TEMPLATE:
        out.push(parseInstance(ctx, c, depth + 1));
        break;
      default:
        throw new BinXmlError(`unexpected token 0x${tok.toString(16)} at chunk offset ${c.p}`);
    }
  }
  return out;
}

function isPartToken(tok: number): boolean {
  const base = tok & ~T_MORE;
  return base === T_VALUE || base === T_SUBST || base === T_OPT_SUBST || base === T_CHARREF || base === T_ENTITY || base === T_CDATA;
}

function parsePart(ctx: ChunkContext, c: Cursor): Part {
  const b = ctx.b;
  const base = b[c.p] & ~T_MORE;
  switch (base) {
    case T_VALUE: {
      // Value text: a type byte (always string in practice) then a length-prefixed UTF-16 string.
      const n = b.readUInt16LE(c.p + 2);
      const s = utf16(b, c.p + 4, c.p + 4 + n * 2);
      c.p += 4 + n * 2;
      return s;
    }
    case T_CDATA: {
      const n = b.readUInt16LE(c.p + 1);
      const s = utf16(b, c.p + 3, c.p + 3 + n * 2);
      c.p += 3 + n * 2;
      return s;
    }
    case T_CHARREF: {
      const s = String.fromCharCode(b.readUInt16LE(c.p + 1));
      c.p += 3;
      return s;
    }
    case T_ENTITY: {
      c.p++;
      const name = readNameRef(ctx, c);
      return ENTITIES[name] ?? `&${name};`;
    }
    default: {
      const index = b.readUInt16LE(c.p + 1);
      c.p += 4;
      return { k: K.Slot, index, optional: base === T_OPT_SUBST };
    }
  }
}

function parseElement(ctx: ChunkContext, c: Cursor, depth: number): XmlElem {
  const b = ctx.b;
  const start = c.p;
  const hasAttrs = (b[start] & T_MORE) !== 0;
  // The 2-byte dependency identifier is absent in some writers' embedded BinXML: detect it from where
  // the name reference lands (an inline name starts right after the offset field).
  const off = b.readUInt32LE(start + 7);
  const alt = b.readUInt32LE(start + 5);
  let p = start + 3;
  if (off !== start + 11) {
    if (alt === start + 9) p = start + 1;
    else if (!(off < start && plausibleName(ctx, off, b.length)) && alt < start && plausibleName(ctx, alt, b.length)) p = start + 1;
  }
  c.p = p + 4; // data size (unused: we parse to the end token instead)
  const name = readNameRef(ctx, c);
  if (hasAttrs) c.p += 4;
  const el: XmlElem = { k: K.Elem, name, attrs: [], children: [] };
  while (c.p < c.end && (b[c.p] & ~T_MORE) === T_ATTR) {
    c.p++;
    const attrName = readNameRef(ctx, c);
    const parts: Part[] = [];
    while (c.p < c.end && isPartToken(b[c.p])) parts.push(parsePart(ctx, c));
    el.attrs.push({ name: attrName, parts });
  }
  if (c.p >= c.end) throw new BinXmlError(`element ${name} at chunk offset ${start} is cut off`);
  const tok = b[c.p];
  if (tok === T_CLOSE_EMPTY) {
    c.p++;
    return el;
  }
  if (tok !== T_CLOSE_START) throw new BinXmlError(`element ${name} at chunk offset ${start}: bad token 0x${tok.toString(16)}`);
  c.p++;
  el.children = parseNodes(ctx, c, depth, true);
  if (c.p >= c.end || b[c.p] !== T_END) throw new BinXmlError(`element ${name} at chunk offset ${start} has no end`);
  c.p++;
  return el;
}

/**
 * Where a template definition starts. Windows points at the definition's first field; some other
 * writers point 4 bytes further, at its GUID: accept that when only it leads to a fragment header.
 */
function templateStart(b: Buffer, off: number): number {
  if (off + 28 <= b.length && b[off + 24] === T_FRAGMENT) return off;
  if (off >= 4 && off + 24 <= b.length && b[off + 20] === T_FRAGMENT) return off - 4;
  return off;
}

/** A template definition at chunk offset `off`: next u32, GUID, data size u32, then BinXML. */
function loadTemplate(ctx: ChunkContext, off: number, depth: number): Template {
  const cached = ctx.templates.get(off);
  if (cached) return cached;
  if (cached === null) throw new BinXmlError(`template at chunk offset ${off} refers to itself`);
  const b = ctx.b;
  if (off + 24 > b.length) throw new BinXmlError(`template offset ${off} outside the chunk`);
  const size = b.readUInt32LE(off + 20);
  if (off + 24 + size > b.length) throw new BinXmlError(`template at chunk offset ${off} runs past the chunk`);
  ctx.templates.set(off, null);
  const g = renderScalar(b, VT.Guid, off + 4, 16) ?? '';
  let nodes: Node[];
  try {
    nodes = parseNodes(ctx, { p: off + 24, end: off + 24 + size }, depth, false);
  } catch (e) {
    ctx.templates.delete(off);
    throw e;
  }
  const t: Template = { offset: off, guid: g, nodes };
  ctx.templates.set(off, t);
  return t;
}

function parseInstance(ctx: ChunkContext, c: Cursor, depth: number): Inst {
  const b = ctx.b;
  const defOff = templateStart(b, b.readUInt32LE(c.p + 6));
  c.p += 10;
  const template = loadTemplate(ctx, defOff, depth);
  if (defOff === c.p) c.p += 24 + b.readUInt32LE(c.p + 20);
  const count = b.readUInt32LE(c.p);
  c.p += 4;
  if (count * 4 > c.end - c.p) throw new BinXmlError(`template instance at chunk offset ${c.p - 4}: ${count} values do not fit`);
  let vp = c.p + count * 4;
  const values: Val[] = new Array<Val>(count);
  for (let i = 0; i < count; i++) {
    const d = c.p + i * 4;
    const size = b.readUInt16LE(d);
    const type = b[d + 2];
    if (vp + size > c.end) throw new BinXmlError(`substitution value ${i} at chunk offset ${vp} runs past the record`);
    values[i] = decodeValue(ctx, type, vp, size, depth);
    vp += size;
  }
  c.p = vp;
  return { k: K.Inst, template, values };
}

function decodeValue(ctx: ChunkContext, type: number, p: number, size: number, depth: number): Val {
  if (type === VT.BinXml) {
    if (size === 0) return null;
    return { nodes: parseNodes(ctx, { p, end: p + size }, depth + 1, false) };
  }
  if (type & 0x80) return renderArray(ctx.b, type, p, size);
  return renderScalar(ctx.b, type, p, size);
}
