// Test kit: writes small synthetic EVTX files (valid checksums, inline names and templates) so that the
// Binary XML tokens and value types can be unit-tested without real logs. Used only by *.test.ts.

import { crc32 } from 'node:zlib';

export type ValueWriter = { type: number; write: (c: ChunkBuilder) => void };

const FT_EPOCH_MS = 11644473600000n;

export class ChunkBuilder {
  readonly b = Buffer.alloc(0x10000);
  pos = 512;
  private names = new Map<string, number>();
  private records = 0;
  private firstId = 0;
  private lastId = 0;
  private lastRecordOffset = 0;

  u8(v: number): this {
    this.b[this.pos++] = v;
    return this;
  }
  u16(v: number): this {
    this.b.writeUInt16LE(v, this.pos);
    this.pos += 2;
    return this;
  }
  u32(v: number): this {
    this.b.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }
  u64(v: bigint): this {
    this.b.writeBigUInt64LE(v, this.pos);
    this.pos += 8;
    return this;
  }
  bytes(x: Buffer | number[]): this {
    for (const v of x) this.b[this.pos++] = v;
    return this;
  }
  chars(s: string): this {
    this.pos += this.b.write(s, this.pos, 'utf16le');
    return this;
  }

  /** A name reference; the first use of a name defines it inline, later uses point back to it. */
  name(s: string): this {
    const known = this.names.get(s);
    if (known !== undefined) return this.u32(known);
    const at = this.pos + 4;
    this.names.set(s, at);
    return this.u32(at).u32(0).u16(0).u16(s.length).chars(s).u16(0);
  }

  fragment(): this {
    return this.bytes([0x0f, 1, 1, 0]);
  }
  open(name: string, hasAttrs = false, withDependency = true): this {
    this.u8(hasAttrs ? 0x41 : 0x01);
    if (withDependency) this.u16(0xffff);
    return this.u32(0).name(name).bytes(hasAttrs ? [0, 0, 0, 0] : []);
  }
  attr(name: string): this {
    return this.u8(0x06).name(name);
  }
  closeStart(): this {
    return this.u8(0x02);
  }
  closeEmpty(): this {
    return this.u8(0x03);
  }
  end(): this {
    return this.u8(0x04);
  }
  eof(): this {
    return this.u8(0x00);
  }
  text(s: string): this {
    return this.u8(0x05).u8(0x01).u16(s.length).chars(s);
  }
  cdata(s: string): this {
    return this.u8(0x07).u16(s.length).chars(s);
  }
  charRef(code: number): this {
    return this.u8(0x08).u16(code);
  }
  entity(name: string): this {
    return this.u8(0x09).name(name);
  }
  pi(target: string, data: string): this {
    this.u8(0x0a).name(target);
    return this.u8(0x0b).u16(data.length).chars(data);
  }
  sub(index: number, type: number, optional = false): this {
    return this.u8(optional ? 0x0e : 0x0d).u16(index).u8(type);
  }
  /** `<name>%index</name>` */
  elemSub(name: string, index: number, type: number): this {
    return this.open(name).closeStart().sub(index, type).end();
  }

  /**
   * A template instance. With `body` the definition is written inline (returns its offset for reuse);
   * with a number it refers to a definition written earlier.
   */
  instance(def: (() => void) | number, values: ValueWriter[]): number {
    this.u8(0x0c).u8(1).u32(0x12345678);
    let defOffset: number;
    if (typeof def === 'number') {
      defOffset = def;
      this.u32(def);
    } else {
      defOffset = this.pos + 4;
      this.u32(defOffset);
      this.u32(0).bytes(Buffer.alloc(16, 0xab));
      const sizeAt = this.pos;
      this.u32(0);
      const start = this.pos;
      def();
      this.b.writeUInt32LE(this.pos - start, sizeAt);
    }
    this.u32(values.length);
    const desc = this.pos;
    this.pos += values.length * 4;
    values.forEach((v, i) => {
      const start = this.pos;
      v.write(this);
      this.b.writeUInt16LE(this.pos - start, desc + i * 4);
      this.b[desc + i * 4 + 2] = v.type;
    });
    return defOffset;
  }

  /** A record around BinXML written by `body`. */
  record(id: number, time: Date, body: (c: ChunkBuilder) => void): number {
    const start = this.pos;
    this.u32(0x2a2a).u32(0).u64(BigInt(id)).u64((BigInt(time.getTime()) + FT_EPOCH_MS) * 10000n);
    body(this);
    while ((this.pos + 4 - start) % 8 !== 0) this.u8(0);
    this.u32(0);
    const size = this.pos - start;
    this.b.writeUInt32LE(size, start + 4);
    this.b.writeUInt32LE(size, this.pos - 4);
    if (this.records++ === 0) this.firstId = id;
    this.lastId = id;
    this.lastRecordOffset = start;
    return start;
  }

  finish(): Buffer {
    const b = this.b;
    b.write('ElfChnk\0', 0, 'latin1');
    b.writeBigUInt64LE(1n, 8);
    b.writeBigUInt64LE(BigInt(this.records), 16);
    b.writeBigUInt64LE(BigInt(this.firstId), 24);
    b.writeBigUInt64LE(BigInt(this.lastId), 32);
    b.writeUInt32LE(128, 40);
    b.writeUInt32LE(this.lastRecordOffset, 44);
    b.writeUInt32LE(this.pos, 48);
    b.writeUInt32LE(crc32(b.subarray(512, this.pos)), 52);
    b.writeUInt32LE(crc32(b.subarray(128, 512), crc32(b.subarray(0, 120))), 124);
    return b;
  }
}

export function fileHeader(chunkCount: number, flags = 0): Buffer {
  const h = Buffer.alloc(4096);
  h.write('ElfFile\0', 0, 'latin1');
  h.writeBigUInt64LE(BigInt(Math.max(0, chunkCount - 1)), 16);
  h.writeUInt32LE(128, 32);
  h.writeUInt16LE(1, 36);
  h.writeUInt16LE(3, 38);
  h.writeUInt16LE(4096, 40);
  h.writeUInt16LE(chunkCount, 42);
  h.writeUInt32LE(flags, 120);
  h.writeUInt32LE(crc32(h.subarray(0, 120)), 124);
  return h;
}

// ---- substitution values ----

const fixed = (type: number, bytes: Buffer): ValueWriter => ({ type, write: (c) => c.bytes(bytes) });
const le = (n: number, w: number, signed = false): Buffer => {
  const b = Buffer.alloc(w);
  if (w === 8) {
    if (signed) b.writeBigInt64LE(BigInt(n));
    else b.writeBigUInt64LE(BigInt(n));
  } else if (signed) b.writeIntLE(n, 0, w);
  else b.writeUIntLE(n, 0, w);
  return b;
};

export const v = {
  null: (): ValueWriter => ({ type: 0x00, write: () => undefined }),
  str: (s: string): ValueWriter => ({ type: 0x01, write: (c) => c.chars(s + '\0') }),
  ansi: (s: string): ValueWriter => fixed(0x02, Buffer.from(s + '\0', 'latin1')),
  i8: (n: number): ValueWriter => fixed(0x03, le(n, 1, true)),
  u8: (n: number): ValueWriter => fixed(0x04, le(n, 1)),
  i16: (n: number): ValueWriter => fixed(0x05, le(n, 2, true)),
  u16: (n: number): ValueWriter => fixed(0x06, le(n, 2)),
  i32: (n: number): ValueWriter => fixed(0x07, le(n, 4, true)),
  u32: (n: number): ValueWriter => fixed(0x08, le(n, 4)),
  i64: (n: bigint): ValueWriter => fixed(0x09, (() => { const b = Buffer.alloc(8); b.writeBigInt64LE(n); return b; })()),
  u64: (n: bigint): ValueWriter => fixed(0x0a, (() => { const b = Buffer.alloc(8); b.writeBigUInt64LE(n); return b; })()),
  f32: (n: number): ValueWriter => fixed(0x0b, (() => { const b = Buffer.alloc(4); b.writeFloatLE(n); return b; })()),
  f64: (n: number): ValueWriter => fixed(0x0c, (() => { const b = Buffer.alloc(8); b.writeDoubleLE(n); return b; })()),
  bool: (x: boolean): ValueWriter => fixed(0x0d, le(x ? 1 : 0, 4)),
  bin: (bytes: number[]): ValueWriter => fixed(0x0e, Buffer.from(bytes)),
  guid: (bytes: number[]): ValueWriter => fixed(0x0f, Buffer.from(bytes)),
  sizeT: (n: number): ValueWriter => fixed(0x10, le(n, 8)),
  /** FILETIME from 100 ns ticks since 1601. */
  fileTime: (ticks: bigint): ValueWriter => fixed(0x11, (() => { const b = Buffer.alloc(8); b.writeBigUInt64LE(ticks); return b; })()),
  sysTime: (parts: number[]): ValueWriter => fixed(0x12, Buffer.from(new Uint16Array(parts).buffer)),
  sid: (rev: number, auth: number, subs: number[]): ValueWriter => {
    const b = Buffer.alloc(8 + subs.length * 4);
    b[0] = rev;
    b[1] = subs.length;
    b.writeUIntBE(auth, 2, 6);
    subs.forEach((s, i) => b.writeUInt32LE(s, 8 + i * 4));
    return fixed(0x13, b);
  },
  hex32: (n: number): ValueWriter => fixed(0x14, le(n, 4)),
  hex64: (n: bigint): ValueWriter => fixed(0x15, (() => { const b = Buffer.alloc(8); b.writeBigUInt64LE(n); return b; })()),
  strArray: (items: string[]): ValueWriter => ({ type: 0x81, write: (c) => c.chars(items.map((s) => s + '\0').join('')) }),
  u16Array: (items: number[]): ValueWriter => fixed(0x86, Buffer.concat(items.map((n) => le(n, 2)))),
  binXml: (body: (c: ChunkBuilder) => void): ValueWriter => ({ type: 0x21, write: body }),
};
