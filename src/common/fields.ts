// Field access by ECS dotted name over nested documents. Jobs, rules and exceptions name fields as
// strings ("process.parent.name"), so every stage reads documents through these two functions.

export function getField(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  let start = 0;
  while (cur !== null && typeof cur === 'object') {
    const obj = cur as Record<string, unknown>;
    // A flat dotted key for the whole remaining path wins ("process.name" stored at top level).
    const rest = start === 0 ? path : path.slice(start);
    if (rest in obj) return obj[rest];
    const dot = path.indexOf('.', start);
    if (dot < 0) return undefined;
    const head = path.slice(start, dot);
    cur = obj[head];
    start = dot + 1;
  }
  return undefined;
}

/**
 * getField(·, path) with the path cut once (its heads and remaining paths), for readers that run on every event:
 * the same answer for every document, without the two slices per level.
 */
export function compileGetField(path: string): (doc: unknown) => unknown {
  const rests: string[] = [];
  const heads: string[] = [];
  for (let start = 0; ; ) {
    rests.push(start === 0 ? path : path.slice(start));
    const dot = path.indexOf('.', start);
    if (dot < 0) break;
    heads.push(path.slice(start, dot));
    start = dot + 1;
  }
  return (doc) => {
    let cur = doc;
    for (let i = 0; cur !== null && typeof cur === 'object'; i++) {
      const obj = cur as Record<string, unknown>;
      if (rests[i] in obj) return obj[rests[i]];
      if (i >= heads.length) return undefined;
      cur = obj[heads[i]];
    }
    return undefined;
  };
}

/** Field values as strings, the way keyword fields compare: arrays flattened, objects and null skipped. */
export function fieldStrings(doc: unknown, path: string): string[] {
  const v = getField(doc, path);
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.filter((x) => x !== null && typeof x !== 'object').map(String);
  if (typeof v === 'object') return [];
  return [String(v)];
}
