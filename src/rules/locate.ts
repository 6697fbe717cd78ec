// Finds the line of a key in a TOML text, so schema errors read `file:line` like syntax errors do.
// A light scanner, not a parser: it follows table headers ([a.b], [[a.b]] with their indexes) and `key =`
// lines, skipping multi-line strings. Good enough for rule files, and it never throws.

export type KeyPath = ReadonlyArray<string | number>;

export function keyLines(text: string): Map<string, number> {
  const lines = text.split(/\r?\n/);
  const out = new Map<string, number>();
  const arrayCounts = new Map<string, number>();
  let table: Array<string | number> = [];
  let inMultiline: string | null = null;
  const splitKey = (k: string): string[] => k.split('.').map((s) => s.trim().replace(/^["']|["']$/g, ''));
  // Resolve a header's dotted name against the array tables seen so far: [[rule.threat]] then
  // [rule.threat.tactic] means rule.threat.<last index>.tactic.
  const resolve = (segs: string[]): Array<string | number> => {
    const path: Array<string | number> = [];
    for (const s of segs) {
      path.push(s);
      const n = arrayCounts.get(path.join('.'));
      if (n !== undefined) path.push(n - 1);
    }
    return path;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (inMultiline) {
      if (line.includes(inMultiline)) inMultiline = null;
      continue;
    }
    const arr = /^\s*\[\[\s*([^\]]+?)\s*\]\]/.exec(line);
    if (arr) {
      const segs = splitKey(arr[1]);
      const parent = resolve(segs.slice(0, -1));
      const key = [...parent, segs[segs.length - 1]].join('.');
      const n = (arrayCounts.get(key) ?? 0) + 1;
      arrayCounts.set(key, n);
      table = [...parent, segs[segs.length - 1], n - 1];
      if (!out.has(key)) out.set(key, i + 1);
      out.set(table.join('.'), i + 1);
      continue;
    }
    const tbl = /^\s*\[\s*([^\]]+?)\s*\]/.exec(line);
    if (tbl) {
      table = resolve(splitKey(tbl[1]));
      out.set(table.join('.'), i + 1);
      continue;
    }
    const kv = /^\s*((?:[A-Za-z0-9_-]+|"[^"]*")(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"))*)\s*=\s*(.*)$/.exec(line);
    if (kv) {
      out.set([...table, ...splitKey(kv[1])].join('.'), i + 1);
      const rest = kv[2];
      for (const q of ['"""', "'''"]) {
        if (rest.startsWith(q) && rest.slice(3).indexOf(q) < 0) inMultiline = q;
      }
    }
  }
  return out;
}

/** The line of the deepest known prefix of `path` (a missing key points at its table's header). */
export function lineOf(index: Map<string, number>, path: KeyPath): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const line = index.get(path.slice(0, n).join('.'));
    if (line !== undefined) return line;
  }
  return undefined;
}
