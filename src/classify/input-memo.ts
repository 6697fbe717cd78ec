// A memo of margins keyed by the event fields featurization reads (features/inputs.ts). In telemetry
// most events repeat a command line seen moments ago with the same process, parent and account: for
// those the row, and so the margin, is the one computed then, and neither featurization nor the
// margin memo's column gathering is needed. Entries are found by command line and chained (the same
// command line comes with several parents or accounts), the other inputs compared with ===; a table
// that fills is dropped at once, like the others.

import { FEATURE_INPUT_COUNT, readFeatureInputs } from '../features/inputs.js';
import type { ProcessEvent } from '../normalize/process-event.js';

const N = FEATURE_INPUT_COUNT;
/** Entries compared per lookup at most (the newest first); an older one beyond is only a miss. */
const MAX_CHAIN = 8;

export class InputMemo {
  private readonly byCommandLine = new Map<string, number>();
  /** Entry e's inputs are values[e*N … (e+1)*N). */
  private readonly values: unknown[];
  private readonly margins: Float64Array;
  /** The next (older) entry of the same command line, -1 at the end. */
  private readonly next: Int32Array;
  private count = 0;
  /** The inputs of the last lookup, and its command line (undefined: not comparable, nothing to store). */
  private readonly current: unknown[] = new Array<unknown>(N);
  private currentCmd: string | undefined;
  /** The newest entry of the last lookup's command line (-1: none). */
  private currentHead = -1;
  hits = 0;

  constructor(private readonly capacity = 16384) {
    if (!(capacity >= 1)) throw new RangeError('InputMemo: capacity must be at least 1');
    this.values = new Array<unknown>(capacity * N).fill(undefined);
    this.margins = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
  }

  /** The margin memoised for ev's inputs, or undefined; remembers the inputs for `store`. */
  lookup(ev: ProcessEvent): number | undefined {
    const cur = this.current;
    const cmd = (this.currentCmd = readFeatureInputs(ev, cur));
    this.currentHead = -1;
    if (cmd === undefined) return undefined;
    const head = this.byCommandLine.get(cmd);
    if (head === undefined) return undefined;
    this.currentHead = head;
    const vals = this.values;
    for (let e = head, k = 0; e >= 0 && k < MAX_CHAIN; e = this.next[e], k++) {
      const base = e * N;
      let i = 0;
      while (i < N && vals[base + i] === cur[i]) i++;
      if (i === N) {
        this.hits++;
        return this.margins[e];
      }
    }
    return undefined;
  }

  /** Records the margin of the event last passed to `lookup` (which missed); a no-op for one it could not key. */
  store(margin: number): void {
    const cmd = this.currentCmd;
    if (cmd === undefined) return;
    this.currentCmd = undefined;
    let head = this.currentHead;
    if (this.count >= this.capacity) {
      this.byCommandLine.clear();
      this.count = 0;
      head = -1;
    }
    const e = this.count++;
    const base = e * N;
    for (let i = 0; i < N; i++) this.values[base + i] = this.current[i];
    this.margins[e] = margin;
    this.next[e] = head;
    this.byCommandLine.set(cmd, e);
  }

  get size(): number {
    return this.count;
  }
}
