// QuickScorer's two inner loops (quickscorer.ts) as WebAssembly: applying the false nodes of a list of
// columns to the bitvectors, and summing the exit leaves. In V8 the JS form spends ≈ 3.7 ns on each
// `bv[word] &= mask` (bounds checks on three typed arrays, on this machine); the same loop in wasm
// ≈ 1.3 ns, and a cold row of the shipped model does ≈ 1,700 of them. The arithmetic is the JS
// form's: the float32 value widened to double, `thr < v` on doubles, NaN tested by v ≠ v, the leaves
// added one by one in tree order starting from the base score (IEEE double addition, as in JS), so
// the margin is bit-identical to the tree walk's.
//
// Memory (one per scorer, never grown, so typed-array views of it stay valid), byte addresses:
//   leaves   f64 per leaf, tree by tree, left to right
//   groups   16 bytes per threshold group: f64 threshold, i32 address of its pairs' end
//   columns  24 bytes per column: row address of its value, first group, last group, first pair,
//            first and end NaN pair (static columns first, then the per-row ones)
//   pairs    8 bytes: i32 address of a bitvector word, i32 mask (AND-ed when the node is false)
//   trees    8 bytes per tree: address of its first bitvector word, address of its first leaf
//   row      f32 per feature column
//   state    the working bitvectors, then `extraWords` more (free for the caller, e.g. a memo)

import { encodeModule, F64, i32Const, I32, mem, op, type WasmFunction } from './wasm-encode.js';
import type { QuickScorerTables } from './quickscorer.js';

const { block, loop, end, br, brIf, localGet: get, localSet: set, localTee: tee } = op;

/** pairs (local p … local e): *[p] &= [p + 4], p += 8. */
function andLoop(p: number, e: number, w: number): number[] {
  return [
    block, op.void, loop, op.void,
    get, p, get, e, op.i32GeU, brIf, 1,
    get, p, ...mem(op.i32Load, 2, 0), tee, w,
    get, w, ...mem(op.i32Load, 2, 0),
    get, p, ...mem(op.i32Load, 2, 4),
    op.i32And,
    ...mem(op.i32Store, 2, 0),
    get, p, ...i32Const(8), op.i32Add, set, p,
    br, 0,
    end, end,
  ];
}

// apply(column, columnEnd): params 0, 1; locals v (2, f64), p (3), e (4), w (5), g (6), last (7).
const APPLY: WasmFunction = {
  exportName: 'apply',
  params: [I32, I32],
  results: [],
  locals: [F64, I32, I32, I32, I32, I32],
  code: [
    block, op.void, loop, op.void,
    get, 0, get, 1, op.i32GeU, brIf, 1,
    get, 0, ...mem(op.i32Load, 2, 0), ...mem(op.f32Load, 2, 0), op.f64PromoteF32, tee, 2,
    get, 2, op.f64Ne,
    op.if, op.void,
    get, 0, ...mem(op.i32Load, 2, 16), set, 3,
    get, 0, ...mem(op.i32Load, 2, 20), set, 4,
    ...andLoop(3, 4, 5),
    op.else,
    get, 0, ...mem(op.i32Load, 2, 4), tee, 6, ...mem(op.f64Load, 3, 0), get, 2, op.f64Lt,
    op.if, op.void,
    get, 0, ...mem(op.i32Load, 2, 8), set, 7,
    // the last group whose threshold is below v
    block, op.void, loop, op.void,
    get, 6, get, 7, op.i32GeU, brIf, 1,
    get, 6, ...mem(op.f64Load, 3, 16), get, 2, op.f64Lt, op.i32Eqz, brIf, 1,
    get, 6, ...i32Const(16), op.i32Add, set, 6,
    br, 0,
    end, end,
    get, 0, ...mem(op.i32Load, 2, 12), set, 3,
    get, 6, ...mem(op.i32Load, 2, 8), set, 4,
    ...andLoop(3, 4, 5),
    end,
    end,
    get, 0, ...i32Const(24), op.i32Add, set, 0,
    br, 0,
    end, end,
  ],
};

// exits(tree, treeEnd, base) -> margin: params 0, 1, 2 (f64); locals s (3, f64), p (4), q (5), bits (6).
const EXITS: WasmFunction = {
  exportName: 'exits',
  params: [I32, I32, F64],
  results: [F64],
  locals: [F64, I32, I32, I32],
  code: [
    get, 2, set, 3,
    block, op.void, loop, op.void,
    get, 0, get, 1, op.i32GeU, brIf, 1,
    get, 0, ...mem(op.i32Load, 2, 0), tee, 4, set, 5,
    // the tree's first non-zero word (the exit leaf always survives)
    block, op.void, loop, op.void,
    get, 5, ...mem(op.i32Load, 2, 0), tee, 6, brIf, 1,
    get, 5, ...i32Const(4), op.i32Add, set, 5,
    br, 0,
    end, end,
    get, 3,
    get, 0, ...mem(op.i32Load, 2, 4),
    get, 5, get, 4, op.i32Sub, ...i32Const(3), op.i32Shl, get, 6, op.i32Ctz, op.i32Add, ...i32Const(3), op.i32Shl,
    op.i32Add,
    ...mem(op.f64Load, 3, 0),
    op.f64Add,
    set, 3,
    get, 0, ...i32Const(8), op.i32Add, set, 0,
    br, 0,
    end, end,
    get, 3,
  ],
};

// The project's lib setting (ES2023, Node types) does not declare WebAssembly: the part used here.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (limits: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined;
function wasmModule(): object {
  return (compiled ??= new WA.Module(encodeModule([APPLY, EXITS])));
}

interface Exports {
  apply(column: number, columnEnd: number): void;
  exits(tree: number, treeEnd: number, base: number): number;
}

const PAGE = 65536;

/** A forest's QuickScorer tables in wasm memory, with a row and the bitvector state beside them. */
export class WasmQuickScorer {
  /** The row the scorer reads: callers write features here (columns ≥ rowWidth are never read). */
  readonly row: Float32Array;
  /** state[0 … nWords) is the working bitvector; state[nWords …) the caller's extra words. */
  readonly state: Int32Array;
  readonly nWords: number;
  private readonly fns: Exports;
  private readonly firstColumn: number;
  private readonly treeStart: number;
  private readonly treeEnd: number;
  private readonly base: number;

  /**
   * `columns`: indices into t.usedFeatures, in the order of their records (`apply(from, to)` takes a
   * range of this list); rowWidth must exceed every used feature column; extraWords: state words
   * beyond the working bitvector.
   */
  constructor(t: QuickScorerTables, columns: Int32Array, rowWidth: number, extraWords: number) {
    const nWords = t.treeWord[t.nTrees];
    for (const f of t.usedFeatures) if (!(f < rowWidth)) throw new RangeError(`WasmQuickScorer: column ${f} is outside a row of ${rowWidth}`);
    const nGroups = t.thr.length;
    const leavesAt = 0;
    const groupsAt = leavesAt + 8 * t.leaves.length;
    const columnsAt = groupsAt + 16 * nGroups;
    const pairsAt = columnsAt + 24 * columns.length;
    const nanAt = pairsAt + 4 * t.cmp.length;
    const treesAt = nanAt + 4 * t.nan.length;
    const rowAt = treesAt + 8 * t.nTrees;
    const stateAt = rowAt + 4 * (rowWidth + (rowWidth & 1));
    const bytes = stateAt + 4 * (nWords + extraWords);
    const memory = new WA.Memory({ initial: Math.ceil(bytes / PAGE), maximum: Math.ceil(bytes / PAGE) });
    const buf = memory.buffer;
    const f64 = new Float64Array(buf);
    const i32 = new Int32Array(buf);

    f64.set(t.leaves, leavesAt / 8);
    // A pair's word is stored as its address in the working state.
    for (let k = 0; k < t.cmp.length; k += 2) {
      i32[(pairsAt >> 2) + k] = stateAt + 4 * t.cmp[k];
      i32[(pairsAt >> 2) + k + 1] = t.cmp[k + 1];
    }
    for (let k = 0; k < t.nan.length; k += 2) {
      i32[(nanAt >> 2) + k] = stateAt + 4 * t.nan[k];
      i32[(nanAt >> 2) + k + 1] = t.nan[k + 1];
    }
    for (let g = 0; g < nGroups; g++) {
      f64[(groupsAt + 16 * g) / 8] = t.thr[g];
      // t.end is an index into cmp (exclusive, in int32 units).
      i32[(groupsAt + 16 * g + 8) >> 2] = pairsAt + 4 * t.end[g];
    }
    columns.forEach((i, j) => {
      const r = (columnsAt + 24 * j) >> 2;
      i32[r] = rowAt + 4 * t.usedFeatures[i];
      i32[r + 1] = groupsAt + 16 * t.groupStart[i];
      i32[r + 2] = groupsAt + 16 * (t.groupStart[i + 1] - 1);
      i32[r + 3] = pairsAt + 4 * t.cmpStart[i];
      i32[r + 4] = nanAt + 4 * t.nanStart[i];
      i32[r + 5] = nanAt + 4 * t.nanStart[i + 1];
    });
    for (let k = 0; k < t.nTrees; k++) {
      i32[(treesAt >> 2) + 2 * k] = stateAt + 4 * t.treeWord[k];
      i32[(treesAt >> 2) + 2 * k + 1] = leavesAt + 8 * t.leafBase[k];
    }

    this.fns = new WA.Instance(wasmModule(), { env: { memory } }).exports as unknown as Exports;
    this.row = new Float32Array(buf, rowAt, rowWidth);
    this.state = new Int32Array(buf, stateAt, nWords + extraWords);
    this.nWords = nWords;
    this.firstColumn = columnsAt;
    this.treeStart = treesAt;
    this.treeEnd = treesAt + 8 * t.nTrees;
    this.base = t.baseScore;
  }

  /** ANDs the false nodes of columns[from … to) (the constructor's order) on the working bitvector. */
  apply(from: number, to: number): void {
    this.fns.apply(this.firstColumn + 24 * from, this.firstColumn + 24 * to);
  }

  /** The margin of the working bitvector: the base score plus each tree's exit leaf, in tree order. */
  exits(): number {
    return this.fns.exits(this.treeStart, this.treeEnd, this.base);
  }
}
