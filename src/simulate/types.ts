// Options, the organisation model and the in-flight process record of the simulator.

import type { HostInfo, LabelInfo, UserInfo } from '../normalize/process-event.js';
import type { Binary } from './catalog.js';

export interface SimulateOptions {
  /** Human users (service accounts are added per server). */
  users: number;
  days: number;
  /** Total hosts (servers included). Default: one workstation per user plus about one server per 20 users. */
  hosts?: number;
  /** Attack scenarios injected over the period. Default: about one per 200 users, at least 1. */
  attacks?: number;
  seed?: number | string;
  /** ISO start of the period; default 2025-03-03T00:00:00.000Z (a Monday). */
  start?: string;
  /** ART/LOLBAS corpus files (../shared/data/corpora/*.jsonl) to draw extra attack commands from at run time. */
  corpus?: string[];
}

export type Role = 'office' | 'developer' | 'admin';
export type AccountKind = 'system' | 'local-service' | 'network-service' | 'window-manager' | 'font-driver' | 'user' | 'service';

export interface Account {
  kind: AccountKind;
  ecs: UserInfo;
}

export interface UserModel {
  index: number;
  account: Account;
  role: Role;
  /** The profile folder name under C:\Users. */
  profile: string;
  host: HostModel;
  browser: 'msedge' | 'chrome';
  adobe: boolean;
  zoom: boolean;
  /** First day index the user works (new starters join during the period). */
  startDay: number;
  offDays: Set<number>;
  /** Hour of day (fractional) the user usually arrives. */
  arrival: number;
}

export type HostKind = 'desktop' | 'laptop' | 'server';
export type ServerRole = 'dc' | 'file' | 'sql' | 'web';

export interface HostModel {
  index: number;
  kind: HostKind;
  serverRole?: ServerRole;
  users: UserModel[];
  serviceAccounts: Account[];
  ecs: HostInfo;
  /** 8 hex digits that start every process entity id on the host. */
  guidPrefix: string;
  /** The host is powered on for the first time on this day (a new starter's new laptop). */
  firstDay: number;
}

export interface Organisation {
  seed: number;
  startMs: number;
  days: number;
  domain: string;
  domainSid: string;
  users: UserModel[];
  hosts: HostModel[];
  holidays: Set<number>;
  /** Day on which a package is pushed to every workstation (-1: none). */
  rolloutDay: number;
  system: Account;
  localService: Account;
  networkService: Account;
}

export type Integrity = 'Low' | 'Medium' | 'High' | 'System';

/** A started process. Long-lived ones are kept by the host as parents for later children. */
export interface Proc {
  bin: Binary;
  name: string;
  exe: string;
  cmd: string;
  pid: number;
  entityId: string;
  account: Account;
  integrity: Integrity;
  elevation: 'default' | 'full' | 'limited';
  cwd: string;
  parent: Proc | null;
  t: number;
  label: LabelInfo;
  /** The parent block children of this process carry, built once. */
  asParent?: object;
  /** Children of this process have been started (its parent block will be needed). */
  kids?: boolean;
  /** The same block as NDJSON bytes (`,"parent":{…}`), built once by the byte writer. */
  parentBytes?: Uint8Array;
  /**
   * `cmd` holds a double quote. Asked when the process is made: that also flattens the command line
   * (built of many pieces) while they are in the CPU cache, not later when the writer first reads it.
   */
  quoted?: boolean;
  /** Scenario this process belongs to (attacks), for the ground-truth sidecar. */
  scenarioIndex?: number;
}
