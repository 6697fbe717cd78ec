// What the generator was fitted to, measured on ../shared/data/train (msticpy's real user workstation,
// recording mde_proc_cs1.csv, non-malicious events; numbers from `oddspawn simulate --report`). Kept
// here as facts so that tests can check the generator without the third-party data present.

export const REAL_WORKSTATION = {
  /** Share of events run as SYSTEM (S-1-5-18). */
  systemShare: 0.327,
  localServiceShare: 0.066,
  networkServiceShare: 0.032,
  /** Events per human user-day with ≥ 30 events: min and max over the recorded days. */
  userDayEvents: [144, 391] as const,
  /** Distinct process names per human user-day (same days). */
  userDayDistinct: [39, 110] as const,
} as const;
