// State snapshots: JSON for structure, with typed arrays moved into a binary tail (8-byte aligned), so a
// 100 000-entity model saves as a few large blobs rather than millions of JSON numbers. Doubles round-trip
// exactly either way (JSON uses shortest round-trip formatting), which resume equality relies on.

type TypedArray = Float64Array | Int32Array | Uint8Array;
const KINDS = { f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;
type Kind = keyof typeof KINDS;

function kindOf(v: unknown): Kind | undefined {
  if (v instanceof Float64Array) return 'f64';
  if (v instanceof Int32Array) return 'i32';
  if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return 'u8';
  return undefined;
}

export function encodeState(value: unknown): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  const json = JSON.stringify(value, function (_key, v: unknown) {
    const kind = kindOf(v);
    if (!kind) return v;
    const ta = v as TypedArray;
    const bytes = Buffer.from(ta.buffer, ta.byteOffset, ta.byteLength);
    const pad = (8 - (bytes.length % 8)) % 8;
    const ref = { $ta: kind, o: offset, n: ta.length };
    chunks.push(Buffer.from(bytes), Buffer.alloc(pad));
    offset += bytes.length + pad;
    return ref;
  });
  const head = Buffer.from(json, 'utf8');
  const len = Buffer.alloc(8);
  len.writeUInt32LE(head.length, 0);
  const headPad = Buffer.alloc((8 - (head.length % 8)) % 8);
  return Buffer.concat([len, head, headPad, ...chunks]);
}

export function decodeState<T>(buf: Buffer): T {
  const headLen = buf.readUInt32LE(0);
  const json = buf.subarray(8, 8 + headLen).toString('utf8');
  const base = 8 + headLen + ((8 - (headLen % 8)) % 8);
  return JSON.parse(json, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && '$ta' in v) {
      const r = v as { $ta: Kind; o: number; n: number };
      const Ctor = KINDS[r.$ta];
      const bytes = buf.subarray(base + r.o, base + r.o + r.n * Ctor.BYTES_PER_ELEMENT);
      // Copy into a fresh, aligned buffer: the SQLite blob's offset need not be a multiple of 8.
      const out = new Ctor(r.n);
      new Uint8Array(out.buffer).set(bytes);
      return out;
    }
    return v;
  }) as T;
}
