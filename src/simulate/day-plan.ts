// Per host and day: when the machine is awake, when its user works, and the one-off actions of the
// day (boot, logon, unlock, a rollout, an installer, an injected attack); then, slice by slice, the
// random background and interactive activity inside those windows.

import { boot, logon, unlock } from './boot.js';
import type { HostSim } from './host-sim.js';
import { userWorks, weekday } from './org.js';
import { firstLogon, rollout, SERVER_WORK, SERVER_WORK_PER_DAY, userInstall } from './rare.js';
import { SERVER_SYSTEM, WORKSTATION_SYSTEM } from './system-activity.js';
import { SESSION_HELPER_RATE, SESSION_HELPERS, USER_ACTIVITIES, USER_RATE } from './user-activity.js';
import type { Activity } from './system-activity.js';
import { runAttack, type PlannedAttack } from './attacks.js';

export const DAY_MS = 86_400_000;
const HOUR = 3_600_000;
/** System activity starts per awake hour by day and by night (20:00–06:00). */
const SYSTEM_PER_HOUR = { day: 9, night: 3.5 };

function isPatchNight(h: HostSim, day: number): boolean {
  const date = new Date(h.org.startMs + day * DAY_MS);
  return date.getUTCDay() === 3 && date.getUTCDate() >= 9 && date.getUTCDate() <= 15;
}

export function planDay(h: HostSim, day: number, attacks: readonly PlannedAttack[]): void {
  const r = h.rng;
  const d0 = h.org.startMs + day * DAY_MS;
  const plan = h.plan;
  plan.awake = [];
  plan.work = null;
  plan.lunch = null;
  plan.fixed = [];
  plan.fixedNext = 0;
  if (day < h.host.firstDay) return;
  const add = (t: number, run: (t: number) => void): void => {
    plan.fixed.push({ t: Math.round(t), run });
  };
  const u = h.primary;
  const alwaysOn = h.host.kind !== 'laptop';
  let works = !!u && userWorks(h.org, u, day);
  let arrival = 0;
  let departure = 0;
  if (u && works) {
    arrival = d0 + (u.arrival + r.normal(0, 0.3)) * HOUR;
    departure = arrival + Math.max(5, r.normal(8.7, 0.8)) * HOUR;
  } else if (u && u.role === 'admin' && day >= u.startDay && [0, 6].includes(weekday(h.org, day)) && r.chance(0.15)) {
    works = true;
    arrival = d0 + r.normal(11, 1.5) * HOUR;
    departure = arrival + r.normal(1.5, 0.4) * HOUR;
  }
  if (alwaysOn) plan.awake.push([d0, d0 + DAY_MS]);
  else if (works) {
    plan.awake.push([arrival - 120_000, departure + 300_000]);
    if (r.chance(0.12)) {
      const ev = d0 + r.normal(20.5, 0.8) * HOUR;
      plan.awake.push([ev, ev + r.int(20, 90) * 60_000]);
    }
  } else if (r.chance(0.08)) {
    const w = d0 + r.normal(14, 3) * HOUR;
    plan.awake.push([w, w + r.int(20, 90) * 60_000]);
  }
  if (!plan.awake.length) return;
  const wake = plan.awake[0][0];
  const firstDay = day === h.host.firstDay;
  if (!h.booted || firstDay) add(alwaysOn ? d0 + r.int(1, 1800) * 1000 : wake, (t) => boot(h, t));
  else if (alwaysOn && isPatchNight(h, day)) add(d0 + 3 * HOUR + r.int(0, 3600) * 1000, (t) => boot(h, t));
  else if (!alwaysOn && r.chance(weekday(h.org, day) === 1 ? 0.5 : 0.2)) add(wake, (t) => boot(h, t));
  if (u && works) {
    plan.work = [arrival, departure];
    const lunch = d0 + r.normal(12.3, 0.3) * HOUR;
    if (departure - arrival > 5 * HOUR) plan.lunch = [lunch, lunch + r.int(30, 60) * 60_000];
    const newStarter = day === u.startDay && day > 0;
    add(arrival, (t) => {
      if (!h.session || h.session.user !== u || newStarter) {
        logon(h, t, u, newStarter);
        if (newStarter) firstLogon(h, t, u);
      } else unlock(h, t);
    });
    if (plan.lunch) add(plan.lunch[1], (t) => h.session && unlock(h, t));
    if (h.host.kind === 'desktop' && r.chance(0.2)) add(departure, () => (h.session = null));
    if (r.chance(u.role === 'developer' ? 0.06 : 0.025)) add(r.int(arrival + HOUR, departure - HOUR), (t) => h.session && userInstall(h, t));
    for (const a of attacks) {
      if (a.day !== day) continue;
      const t = arrival + r.int(45 * 60, Math.max(46 * 60, Math.floor((departure - arrival) / 1000) - 3600)) * 1000;
      add(t, (at) => {
        if (!h.session) logon(h, at - 60_000, u, false);
        runAttack(h, a, at);
      });
    }
  }
  if (day === h.org.rolloutDay && h.host.kind !== 'server') {
    const [a0, a1] = plan.work ?? plan.awake[0];
    add(r.int(a0 + 600_000, Math.max(a0 + 600_001, a1 - 600_000)), (t) => rollout(h, t));
  }
  plan.fixed.sort((a, b) => a.t - b.t);
}

function inAwake(h: HostSim, t: number): boolean {
  for (const [a, b] of h.plan.awake) if (t >= a && t < b) return true;
  return false;
}

// The slice's to-do list, shared by all hosts (a slice runs one host at a time): times, and what runs
// then, kept in parallel arrays so that no object or closure is made per start.
const todoT: number[] = [];
const todoRun: Array<Activity | ((t: number) => void)> = [];
/** 0: a fixed action, run(t); 1: an activity, run(h, t); 2: an activity that needs the session. */
const todoKind: number[] = [];
let todoN = 0;

function todo(t: number, run: Activity | ((t: number) => void), kind: number): void {
  todoT[todoN] = t;
  todoRun[todoN] = run;
  todoKind[todoN] = kind;
  todoN++;
}

/** UTC hour of a time, as new Date(t).getUTCHours() for an integer t. */
function utcHour(t: number): number {
  return ((Math.floor(t / HOUR) % 24) + 24) % 24;
}

/** Runs the host's activity for [t0, t1): fixed actions and random starts, in time order. */
export function runSlice(h: HostSim, t0: number, t1: number): void {
  h.floor = t0;
  const plan = h.plan;
  if (!plan.awake.length) return;
  const r = h.rng;
  const mid = (t0 + t1) / 2;
  todoN = 0;
  while (plan.fixedNext < plan.fixed.length && plan.fixed[plan.fixedNext].t < t1) {
    const f = plan.fixed[plan.fixedNext++];
    todo(f.t, f.run, 0);
  }
  if (h.booted && inAwake(h, mid)) {
    const hour = utcHour(mid);
    const night = hour < 6 || hour >= 20;
    const sliceH = (t1 - t0) / 3_600_000;
    const server = h.host.kind === 'server';
    const table = server ? SERVER_SYSTEM : WORKSTATION_SYSTEM;
    for (let n = r.poisson((night ? SYSTEM_PER_HOUR.night : SYSTEM_PER_HOUR.day) * sliceH); n > 0; n--) {
      const a = table.pick(r);
      todo(r.int(t0, t1 - 1), a, 1);
    }
    if (server && h.host.serverRole) {
      const work = SERVER_WORK[h.host.serverRole];
      for (let n = r.poisson((SERVER_WORK_PER_DAY[h.host.serverRole] / 24) * sliceH); n > 0; n--) {
        const a = work.pick(r);
        todo(r.int(t0, t1 - 1), a, 1);
      }
    }
    const u = h.primary;
    if (u && h.session) {
      const w = plan.work;
      const atDesk = !!w && mid >= w[0] && mid < w[1] && !(plan.lunch && mid >= plan.lunch[0] && mid < plan.lunch[1]);
      // A laptop awake outside working hours has its user at it; a locked desktop does not.
      const evening = (!w || mid >= w[1]) && h.host.kind === 'laptop';
      // A locked session still gets a few background starts (tasks, brokers), far fewer than a used one.
      const helpers = atDesk || evening ? SESSION_HELPER_RATE : 0.6;
      for (let n = r.poisson(helpers * sliceH); n > 0; n--) {
        const a = SESSION_HELPERS.pick(r);
        todo(r.int(t0, t1 - 1), a, 2);
      }
      const rate = atDesk ? USER_RATE[u.role] : evening ? USER_RATE[u.role] * 0.3 : 0;
      const acts = USER_ACTIVITIES[u.role];
      for (let n = r.poisson(rate * sliceH); n > 0; n--) {
        const a = acts.pick(r);
        todo(r.int(t0, t1 - 1), a, 2);
      }
    }
  }
  const n = todoN;
  // Stable insertion sort on time (as Array.prototype.sort, stable): lists are a few entries long.
  for (let i = 1; i < n; i++) {
    const t = todoT[i];
    if (todoT[i - 1] <= t) continue;
    const run = todoRun[i];
    const kind = todoKind[i];
    let j = i;
    while (j > 0 && todoT[j - 1] > t) {
      todoT[j] = todoT[j - 1];
      todoRun[j] = todoRun[j - 1];
      todoKind[j] = todoKind[j - 1];
      j--;
    }
    todoT[j] = t;
    todoRun[j] = run;
    todoKind[j] = kind;
  }
  for (let i = 0; i < n; i++) {
    const at = Math.max(todoT[i], t0);
    const run = todoRun[i];
    const kind = todoKind[i];
    todoRun[i] = NOOP;
    if (kind === 0) (run as (t: number) => void)(at);
    else if (kind === 1 || h.session) (run as Activity)(h, at);
  }
}

const NOOP = (): void => {};
