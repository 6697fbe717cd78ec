// Line numbers for JSON paths, so a schema error in a user's job file points at the offending line.
// A minimal scanner: it only tracks where each value starts, and trusts JSON.parse for validity.

export type JsonPath = ReadonlyArray<string | number | symbol>;

/** 1-based line where the value at `path` starts, or the deepest existing ancestor's line. */
export function lineOfPath(text: string, path: JsonPath): number {
  let i = 0;
  let line = 1;
  let best = 1;
  const stack: Array<{ kind: 'obj' | 'arr'; key: string | number; index: number }> = [];
  let pendingKey: string | undefined;

  const matches = (): number => {
    // How many leading path elements the current stack (plus the pending value) equals.
    let n = 0;
    for (let k = 0; k < stack.length && k < path.length; k++) {
      if (String(stack[k].key) !== String(path[k])) break;
      n++;
    }
    return n;
  };

  const beginValue = (): void => {
    const top = stack[stack.length - 1];
    if (top) top.key = top.kind === 'arr' ? top.index : (pendingKey ?? '');
    const m = matches();
    if (m === stack.length && m <= path.length) best = line;
  };

  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') {
          s += text[j + 1];
          j += 2;
        } else s += text[j++];
      }
      i = j + 1;
      let k = i;
      while (k < text.length && /\s/.test(text[k])) k++;
      const top = stack[stack.length - 1];
      if (top && top.kind === 'obj' && text[k] === ':') {
        pendingKey = s;
        i = k + 1;
        continue;
      }
      beginValue();
      continue;
    }
    if (c === '{' || c === '[') {
      beginValue();
      if (stack.length >= path.length && matches() === path.length) return best;
      stack.push({ kind: c === '{' ? 'obj' : 'arr', key: '', index: 0 });
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      stack.pop();
      i++;
      continue;
    }
    if (c === ',') {
      const top = stack[stack.length - 1];
      if (top && top.kind === 'arr') top.index++;
      i++;
      continue;
    }
    if (/[-0-9tfn]/.test(c)) {
      beginValue();
      while (i < text.length && /[-+0-9a-zA-Z.]/.test(text[i])) i++;
      continue;
    }
    i++;
  }
  return best;
}

/** 1-based line of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
