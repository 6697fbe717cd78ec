// Process-global numbers for the short strings hunt's workers send by number (scored-line.ts): the same value
// from any worker, any reader, gets the same id and the same string object for the life of the process. The
// rarity jobs find an entity by such an id in a dense array instead of hashing and probing its name in a Map
// (ScoredEvent.projectedIds); an id is only trusted because it names one string and a string has one id.

/** Longer strings get no id: they seldom repeat (and the workers do not number them either). */
export const MAX_ID_LENGTH = 256;
/** Ids handed out at most; later strings get none (the rarity jobs then look them up by name). */
const MAX_IDS = 1 << 24;

export class StringIds {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];

  /** The string's id (assigned on first sight), or -1 for a string that gets none (too long, or the table is full). */
  idOf(s: string): number {
    // No id for '' either: a value with an id is then a keyword as it is (src/rarity reads it without a test).
    if (s.length > MAX_ID_LENGTH || s.length === 0) return -1;
    let id = this.ids.get(s);
    if (id === undefined) {
      if (this.strings.length >= MAX_IDS) return -1;
      id = this.strings.length;
      this.ids.set(s, id);
      this.strings.push(s);
    }
    return id;
  }

  /** The one string object kept for an id. */
  stringOf(id: number): string {
    return this.strings[id];
  }

  get size(): number {
    return this.strings.length;
  }
}

/** The ids every ScoredLineReader of this process assigns (one space: a rarity job may see events of several readers). */
export const processStringIds = new StringIds();

/**
 * The projected ids of an event as one object of constant shape per reader (every path, -1 where there is no id):
 * generated, so each store is a plain property store. Paths enter the code only as JSON string literals;
 * `__proto__` is left out (a store to it would set the prototype), and so has no id.
 */
export function compileIdsMaker(paths: readonly string[]): (ids: Int32Array) => Record<string, number> {
  const lines = ['"use strict";', 'return function projectedIds(a) {', '  const o = {};'];
  paths.forEach((p, i) => {
    if (p !== '__proto__') lines.push(`  o[${JSON.stringify(p)}] = a[${i}];`);
  });
  lines.push('  return o;', '};');
  return new Function(lines.join('\n'))() as (ids: Int32Array) => Record<string, number>;
}
