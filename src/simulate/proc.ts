// The simulator's process record. Its entity id is kept as the three random words it is made of and
// spelled out only when asked for: the byte writer prints the words as hex straight into the line, so
// most processes never build the string.

import type { LabelInfo } from '../normalize/process-event.js';
import type { Binary } from './catalog.js';
import { HEX2_UPPER } from './prng.js';
import type { Account, HostModel, Integrity, Proc } from './types.js';

export class SimProc implements Proc {
  asParent: object | undefined = undefined;
  kids = false;
  parentBytes: Uint8Array | undefined = undefined;
  scenarioIndex: number | undefined = undefined;
  /** Push order in the engine's time queue (ties in time go out in this order). */
  seq = 0;
  /** A worker shard's merge key (slice × hosts + host index). */
  order = 0;
  /** The command line holds a double quote (asked here, while its text is fresh in the cache: see Proc). */
  readonly quoted: boolean;
  private id: string | undefined = undefined;

  constructor(
    readonly host: HostModel,
    public bin: Binary,
    public name: string,
    public exe: string,
    readonly cmd: string,
    public pid: number,
    /** `{prefix-AAAA-AAAA-BBBB-BBBBCCCCCCCC}`: the words of the entity id after the host's GUID prefix. */
    readonly id0: number,
    readonly id1: number,
    readonly id2: number,
    public account: Account,
    public integrity: Integrity,
    public elevation: 'default' | 'full' | 'limited',
    public cwd: string,
    public parent: Proc | null,
    public t: number,
    public label: LabelInfo,
  ) {
    this.quoted = cmd.includes('"');
  }

  get entityId(): string {
    if (this.id === undefined) {
      const U = HEX2_UPPER;
      const x0 = this.id0;
      const x1 = this.id1;
      const x2 = this.id2;
      this.id = `{${this.host.guidPrefix}-${U[x0 >>> 24]}${U[(x0 >>> 16) & 255]}-${U[(x0 >>> 8) & 255]}${U[x0 & 255]}-${U[x1 >>> 24]}${U[(x1 >>> 16) & 255]}-`
        + `${U[(x1 >>> 8) & 255]}${U[x1 & 255]}${U[x2 >>> 24]}${U[(x2 >>> 16) & 255]}${U[(x2 >>> 8) & 255]}${U[x2 & 255]}}`;
    }
    return this.id;
  }
}
