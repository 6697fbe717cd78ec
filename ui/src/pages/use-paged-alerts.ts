// Server-side paging for the virtualised alerts list: pages of PAGE_SIZE rows are fetched as they scroll into
// view and cached per filter; a change of filter or sort starts a new generation and drops late answers.

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Query } from '../api/client.js';
import { errorText } from '../api/use-api.js';
import type { AlertSummary, Page } from '../api/types.js';

export const PAGE_SIZE = 200;

interface PagedState {
  total: number | undefined;
  pages: ReadonlyMap<number, AlertSummary[]>;
  error: string | undefined;
}

export interface PagedAlerts extends PagedState {
  row(index: number): AlertSummary | undefined;
  /** Makes sure the pages holding rows [first, last] are loaded or loading. */
  ensure(first: number, last: number): void;
  /** Refetches after a change made here (bulk status, …), keeping the scroll position. */
  refresh(): void;
  loadedRows(): AlertSummary[];
}

export function usePagedAlerts(params: Query): PagedAlerts {
  const key = JSON.stringify(params);
  const [state, setState] = useState<PagedState>({ total: undefined, pages: new Map(), error: undefined });
  const gen = useRef(0);
  const inflight = useRef(new Set<number>());
  const paramsRef = useRef(params);
  paramsRef.current = params;
  const visible = useRef<[number, number]>([0, 0]);

  const fetchPage = useCallback((page: number) => {
    if (inflight.current.has(page)) return;
    inflight.current.add(page);
    const g = gen.current;
    api
      .get<Page<AlertSummary>>('/alerts', { ...paramsRef.current, limit: PAGE_SIZE, offset: page * PAGE_SIZE })
      .then((res) => {
        if (g !== gen.current) return;
        inflight.current.delete(page);
        setState((s) => {
          const pages = new Map(s.pages);
          pages.set(page, res.items);
          return { total: res.total, pages, error: undefined };
        });
      })
      .catch((e: unknown) => {
        if (g !== gen.current) return;
        inflight.current.delete(page);
        setState((s) => ({ ...s, error: errorText(e) }));
      });
  }, []);

  const pagesRef = useRef(state.pages);
  pagesRef.current = state.pages;
  const ensure = useCallback(
    (first: number, last: number) => {
      visible.current = [first, last];
      const p0 = Math.floor(Math.max(0, first) / PAGE_SIZE);
      const p1 = Math.floor(Math.max(0, last) / PAGE_SIZE);
      for (let p = p0; p <= p1; p++) if (!pagesRef.current.has(p)) fetchPage(p);
    },
    [fetchPage],
  );

  const restart = useCallback(
    (keepTotal: boolean) => {
      gen.current++;
      inflight.current.clear();
      pagesRef.current = new Map();
      setState((s) => ({ total: keepTotal ? s.total : undefined, pages: new Map(), error: undefined }));
      const [first, last] = visible.current;
      const p0 = Math.floor(first / PAGE_SIZE);
      const p1 = Math.floor(last / PAGE_SIZE);
      for (let p = p0; p <= p1; p++) fetchPage(p);
    },
    [fetchPage],
  );

  useEffect(() => {
    visible.current = [0, 0];
    restart(false);
  }, [key, restart]);

  const refresh = useCallback(() => restart(true), [restart]);
  const row = (i: number) => state.pages.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE];
  const loadedRows = () => [...state.pages.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, items]) => items);
  return { ...state, row, ensure, refresh, loadedRows };
}
