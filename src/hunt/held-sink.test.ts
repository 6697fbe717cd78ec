import { describe, expect, it } from 'vitest';
import type { AlertDocument, AlertSink } from '../alerts/index.js';
import { HeldSink } from './held-sink.js';

function recording(): AlertSink & { seen: string[] } {
  const seen: string[] = [];
  return {
    name: 'rec',
    seen,
    write: (d) => void seen.push(JSON.stringify(d)),
    close: async () => ({ sink: 'rec', written: seen.length, failed: 0, dropped: 0, retries: 0, errors: [] }),
  };
}

const doc = (id: string): AlertDocument => ({ kibana: { alert: { uuid: id, suppression: { docs_count: 0 } } } }) as unknown as AlertDocument;

describe('HeldSink', () => {
  it('holds alerts as they were written, sends them in order on release, then passes alerts through', async () => {
    const inner = recording();
    const h = new HeldSink(inner);
    expect(h.name).toBe('rec');
    const a = doc('a');
    h.write(a);
    h.write(doc('b'));
    // A later suppression updates the stored alert; the sink must get the alert as it was created.
    (a.kibana.alert as unknown as { suppression: { docs_count: number } }).suppression.docs_count = 5;
    expect(inner.seen).toEqual([]);
    h.release();
    h.write(doc('c'));
    expect(inner.seen.map((s) => JSON.parse(s).kibana.alert.uuid)).toEqual(['a', 'b', 'c']);
    expect(inner.seen[0]).toContain('"docs_count":0');
    expect((await h.close()).written).toBe(3);
  });

  it('forgets what it held when discarded and keeps holding; close sends what is held', async () => {
    const inner = recording();
    const h = new HeldSink(inner);
    h.write(doc('a'));
    h.discard();
    expect(inner.seen).toEqual([]);
    h.write(doc('b'));
    await h.close();
    expect(inner.seen.map((s) => JSON.parse(s).kibana.alert.uuid)).toEqual(['b']);
  });
});
