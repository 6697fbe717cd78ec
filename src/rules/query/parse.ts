// The query language of oddspawn's `query` rules: a small common subset of KQL and EQL over dotted ECS
// fields of a scored event. Grammar (keywords case-insensitive):
//   expr    := or ;  or := and ("or" and)* ;  and := unary ("and" unary)* ;  unary := "not" unary | primary
//   primary := "(" expr ")" | field op value | field ["not"] "in" ["~"] "(" value ("," value)* ")"
//            | field ":" value | field ":" "(" value (("," | "or") value)* ")"
//   op      := "==" | "!=" | ">" | ">=" | "<" | "<="
//   value   := "double-quoted string" | number | true | false | null | bare-word
// `field : "pat*"` is a case-insensitive wildcard match (`*` any run, `?` one character), as EQL's `:`.
// `field == null` / `field != null` test absence / presence. An EQL `<category> where` prefix is ignored.

export type Literal = string | number | boolean | null;
export type CmpOp = '==' | '!=' | '>' | '>=' | '<' | '<=';

export type QueryNode =
  | { kind: 'and'; items: QueryNode[] }
  | { kind: 'or'; items: QueryNode[] }
  | { kind: 'not'; item: QueryNode }
  | { kind: 'cmp'; field: string; op: CmpOp; value: Literal }
  | { kind: 'in'; field: string; values: Literal[]; caseInsensitive: boolean }
  | { kind: 'wildcard'; field: string; patterns: string[] }
  | { kind: 'missing'; field: string };

export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(`${message} at column ${column}`);
    this.name = 'QuerySyntaxError';
  }
}

type TokKind = 'lparen' | 'rparen' | 'comma' | 'op' | 'colon' | 'string' | 'number' | 'word' | 'eof';
interface Token {
  kind: TokKind;
  text: string;
  value?: string | number;
  col: number;
}

const WORD = /[A-Za-z0-9_.@*?\\\-~$/]/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const col = i + 1;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, col });
      i++;
    } else if (c === ':') {
      out.push({ kind: 'colon', text: c, col });
      i++;
    } else if ('=!<>'.includes(c)) {
      const two = src.slice(i, i + 2);
      if (two === '==' || two === '!=' || two === '>=' || two === '<=') {
        out.push({ kind: 'op', text: two, col });
        i += 2;
      } else if (c === '<' || c === '>') {
        out.push({ kind: 'op', text: c, col });
        i++;
      } else {
        throw new QuerySyntaxError(`unexpected '${c}'`, col);
      }
    } else if (c === '"') {
      // Only \" and \\ are escapes, so Windows paths can be written as they are: "C:\Windows\*".
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new QuerySyntaxError('unterminated string', col);
        const d = src[i];
        if (d === '"') break;
        if (d === '\\' && (src[i + 1] === '"' || src[i + 1] === '\\')) {
          s += src[i + 1];
          i += 2;
        } else {
          s += d;
          i++;
        }
      }
      i++;
      out.push({ kind: 'string', text: s, value: s, col });
    } else if (/[-\d]/.test(c) && /^-?\d+(\.\d+)?(?![A-Za-z0-9_.@*?\\-])/.test(src.slice(i))) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i))!;
      out.push({ kind: 'number', text: m[0], value: Number(m[0]), col });
      i += m[0].length;
    } else if (WORD.test(c)) {
      let j = i;
      while (j < src.length && WORD.test(src[j])) j++;
      out.push({ kind: 'word', text: src.slice(i, j), col });
      i = j;
    } else {
      throw new QuerySyntaxError(`unexpected '${c}'`, col);
    }
  }
  out.push({ kind: 'eof', text: '', col: src.length + 1 });
  return out;
}

class Parser {
  private pos = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(): Token {
    return this.toks[this.pos];
  }
  private next(): Token {
    return this.toks[this.pos++];
  }
  private isWord(t: Token, w: string): boolean {
    return t.kind === 'word' && t.text.toLowerCase() === w;
  }
  private fail(t: Token, what: string): never {
    throw new QuerySyntaxError(`expected ${what} but found ${t.kind === 'eof' ? 'end of query' : `'${t.text}'`}`, t.col);
  }

  parseQuery(): QueryNode {
    // EQL: "process where …", "any where …".
    if (this.peek().kind === 'word' && this.isWord(this.toks[this.pos + 1], 'where')) this.pos += 2;
    const node = this.parseOr();
    if (this.peek().kind !== 'eof') this.fail(this.peek(), "'and', 'or' or end of query");
    return node;
  }

  private parseOr(): QueryNode {
    const items = [this.parseAnd()];
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      items.push(this.parseAnd());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  private parseAnd(): QueryNode {
    const items = [this.parseUnary()];
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      items.push(this.parseUnary());
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  private parseUnary(): QueryNode {
    if (this.isWord(this.peek(), 'not')) {
      this.next();
      return { kind: 'not', item: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): QueryNode {
    const t = this.next();
    if (t.kind === 'lparen') {
      const inner = this.parseOr();
      if (this.next().kind !== 'rparen') this.fail(this.toks[this.pos - 1], "')'");
      return inner;
    }
    if (t.kind !== 'word' || ['and', 'or', 'not', 'in'].includes(t.text.toLowerCase())) this.fail(t, 'a field name');
    const field = t.text;
    const op = this.next();
    if (op.kind === 'op') {
      const value = this.parseValue();
      if (value === null) {
        if (op.text === '==') return { kind: 'missing', field };
        if (op.text === '!=') return { kind: 'not', item: { kind: 'missing', field } };
        this.fail(op, "'==' or '!=' before null");
      }
      if ((op.text !== '==' && op.text !== '!=') && typeof value !== 'number') this.fail(op, `a number after '${op.text}'`);
      return { kind: 'cmp', field, op: op.text as CmpOp, value };
    }
    if (op.kind === 'colon') {
      const patterns = this.peek().kind === 'lparen' ? this.parseList(true) : [this.parseValue()];
      // KQL `field : *` means "exists".
      if (patterns.length === 1 && patterns[0] === '*') return { kind: 'not', item: { kind: 'missing', field } };
      return { kind: 'wildcard', field, patterns: patterns.map((p) => String(p)) };
    }
    let negate = false;
    let word = op;
    if (this.isWord(word, 'not')) {
      negate = true;
      word = this.next();
    }
    if (word.kind === 'word' && (word.text.toLowerCase() === 'in' || word.text.toLowerCase() === 'in~')) {
      const node: QueryNode = { kind: 'in', field, values: this.parseList(false), caseInsensitive: word.text.endsWith('~') };
      return negate ? { kind: 'not', item: node } : node;
    }
    return this.fail(word, "an operator ('==', '!=', '>', '>=', '<', '<=', ':', 'in')");
  }

  private parseList(allowOr: boolean): Literal[] {
    const open = this.next();
    if (open.kind !== 'lparen') this.fail(open, "'('");
    const values = [this.parseValue()];
    for (;;) {
      const t = this.next();
      if (t.kind === 'rparen') return values;
      if (t.kind === 'comma' || (allowOr && this.isWord(t, 'or'))) values.push(this.parseValue());
      else this.fail(t, "',' or ')'");
    }
  }

  private parseValue(): Literal {
    const t = this.next();
    if (t.kind === 'string') return t.value as string;
    if (t.kind === 'number') return t.value as number;
    if (t.kind === 'word') {
      const w = t.text.toLowerCase();
      if (w === 'true') return true;
      if (w === 'false') return false;
      if (w === 'null') return null;
      if (['and', 'or', 'not', 'in'].includes(w)) this.fail(t, 'a value');
      return t.text;
    }
    return this.fail(t, 'a value');
  }
}

export function parseQuery(src: string): QueryNode {
  return new Parser(tokenize(src)).parseQuery();
}

/** Every field a query reads, for documentation and for checks against known fields. */
export function queryFields(node: QueryNode): string[] {
  const out = new Set<string>();
  const walk = (n: QueryNode): void => {
    if (n.kind === 'and' || n.kind === 'or') n.items.forEach(walk);
    else if (n.kind === 'not') walk(n.item);
    else out.add(n.field);
  };
  walk(node);
  return [...out].sort();
}
