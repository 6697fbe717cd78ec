import { describe, expect, it } from 'vitest';
import { issue, IssueLog } from './issues.js';

describe('IssueLog', () => {
  it('says per code how many issues it counted beyond the kept ones, and merging by it equals adding directly', () => {
    const codes = ['OS_READ_JSON', 'OS_READ_BINARY', 'OS_READ_JSON', 'OS_SINK_FAILED', 'OS_READ_JSON', 'OS_READ_BINARY'] as const;
    const from = new IssueLog(3);
    const direct = new IssueLog(4);
    direct.add(issue('OS_READ_NOT_OBJECT', 'before', { file: 'f', line: 1 }));
    const into = new IssueLog(4);
    into.add(issue('OS_READ_NOT_OBJECT', 'before', { file: 'f', line: 1 }));
    codes.forEach((c, k) => {
      from.add(issue(c, `m${k}`, { file: 'f', line: k + 2 }));
      direct.add(issue(c, `m${k}`, { file: 'f', line: k + 2 }));
    });
    expect(from.uncounted()).toEqual({ OS_READ_JSON: 1, OS_READ_BINARY: 1, OS_SINK_FAILED: 1 });
    expect(new IssueLog(10).uncounted()).toEqual({});
    for (const i of from.kept) into.add(i);
    for (const [code, n] of Object.entries(from.uncounted()) as Array<[Parameters<IssueLog['count']>[0], number]>) into.addUncounted(code, n);
    expect(into.countsObject()).toEqual(direct.countsObject());
    expect(into.total).toBe(direct.total);
    expect(into.kept).toEqual(direct.kept);
  });
});
