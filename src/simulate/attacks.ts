// Injection of attack scenarios into chosen users' timelines: which user, day and template, the
// launcher that gives the attack its realistic parent, and the expansion into process trees.

import { adHocBinary } from './catalog.js';
import { AttackCtx, type ScenarioRecord } from './attack-ctx.js';
import { ALL_BODIES, TEMPLATES, type LauncherName, type Template } from './attack-library.js';
import { runCorpusCommand, type CorpusCommand } from './corpus.js';
import type { HostSim } from './host-sim.js';
import { userWorks } from './org.js';
import { Prng } from './prng.js';
import type { Organisation, Proc, UserModel } from './types.js';
import { outlookTemp } from './words.js';
import { outlook } from './user-activity.js';

export interface PlannedAttack {
  rec: ScenarioRecord;
  template: Template;
  launcher: LauncherName;
  day: number;
  corpus: CorpusCommand[] | null;
}

const CORPUS_TEMPLATE: Template = { slug: 'corpus-runner', launchers: ['runner-cmd', 'runner-ps', 'runner-stdin'], steps: [] };

/** Chooses victims, days and templates up front, so that a seed fixes them whatever else changes. */
export function planAttacks(org: Organisation, count: number, corpus: readonly CorpusCommand[]): PlannedAttack[] {
  const rng = new Prng(org.seed, 'attacks');
  const out: PlannedAttack[] = [];
  const order = TEMPLATES.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  // Only a machine's primary user has a session the attack can land in.
  const humans = org.users.filter((u) => u.host.kind !== 'server' && u.host.users[0] === u);
  for (let k = 0; k < count && humans.length; k++) {
    const useCorpus = corpus.length > 0 && rng.chance(0.4);
    const template = useCorpus ? CORPUS_TEMPLATE : TEMPLATES[order[k % order.length]];
    let user: UserModel | null = null;
    let days: number[] = [];
    for (let tries = 0; tries < 50 && !days.length; tries++) {
      user = rng.pick(humans);
      const u = user;
      days = [];
      // Attacks land after the first week when there is one, so per-user history exists before them.
      const from = org.days > 10 ? 7 : 0;
      for (let d = from; d < org.days; d++) if (userWorks(org, u, d)) days.push(d);
    }
    if (!user || !days.length) continue;
    const launcher = rng.pick(template.launchers);
    const slug = template.slug;
    const picks = useCorpus ? Array.from({ length: rng.int(2, 4) }, () => rng.pick(corpus)) : null;
    out.push({
      template, launcher, day: rng.pick(days), corpus: picks,
      rec: {
        index: k, id: `atk-${String(k + 1).padStart(4, '0')}-${slug}`, template: slug, launcher, user, hostName: user.host.ecs.hostname ?? '',
        startMs: 0, techniques: new Set(), processes: new Map(), events: 0,
      },
    });
  }
  return out;
}

function launch(c: AttackCtx, launcher: LauncherName): Proc {
  const h = c.h;
  const s = h.session;
  if (!s) throw new Error('simulate: attack without a session');
  const r = h.rng;
  const a = c.user.account;
  switch (launcher) {
    case 'office-macro': {
      const ol = outlook(h, c.t);
      const [app, ext] = r.pick([['WINWORD.EXE', 'docm'], ['EXCEL.EXE', 'xlsm'], ['WINWORD.EXE', 'doc']] as const);
      return c.run(ol, app, `"C:\\Program Files\\Microsoft Office\\root\\Office16\\${app}" /n "${outlookTemp(r, c.user.profile, ext)}" /o ""`, ['T1566.001', 'T1204.002']);
    }
    case 'explorer-script':
      return s.explorer;
    case 'script-host': {
      const host = r.pick(['wscript.exe', 'cscript.exe']);
      const file = `${c.profile}\\Downloads\\${r.pick(['invoice', 'scan', 'statement', 'order'])}_${r.int(1000, 9999)}.${r.pick(['js', 'vbs', 'wsf'])}`;
      return c.run(s.explorer, host, `"C:\\Windows\\System32\\${host}" "${file}"`, ['T1204.002', 'T1059.005']);
    }
    case 'wmi': {
      c.acct = a;
      return c.run(h.svchost('DcomLaunch'), 'WmiPrvSE.exe', 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', ['T1047'], { account: h.org.networkService });
    }
    case 'service': {
      c.acct = h.org.system;
      const name = `${r.alnum(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}.exe`;
      return c.run(h.need('services'), adHocBinary(name, 'C:\\Windows', name), `C:\\Windows\\${name}`, ['T1569.002', 'T1543.003', 'T1021.002']);
    }
    case 'runner-cmd': {
      const root = c.run(s.explorer, 'powershell.exe', '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -ExecutionPolicy Bypass', ['T1059.001'], { elevated: true });
      c.wrap = 'cmd';
      c.wrapRoot = root;
      return root;
    }
    case 'runner-ps': {
      const root = c.run(s.explorer, 'cmd.exe', '"C:\\Windows\\system32\\cmd.exe" ', ['T1059.003'], { elevated: true });
      c.wrap = 'ps';
      c.wrapRoot = root;
      return root;
    }
    case 'runner-stdin':
      return c.run(s.explorer, 'powershell.exe', '"powershell.exe" -Command -', ['T1059.001'], { elevated: true });
  }
}

/** Expands a planned attack into processes, starting at t on the victim's host. */
export function runAttack(h: HostSim, plan: PlannedAttack, t: number): void {
  const c = new AttackCtx(h, plan.rec, plan.rec.user, t);
  plan.rec.startMs = t;
  const root = launch(c, plan.launcher);
  if (plan.corpus) {
    // Corpus rows carry their own executor (cmd or PowerShell): no second wrapper around them.
    c.wrap = 'none';
    for (const cc of plan.corpus) {
      runCorpusCommand(c, root, cc, plan.launcher === 'runner-stdin');
      c.wait(20, 300);
    }
    return;
  }
  let last = root;
  for (const step of plan.template.steps) {
    const chained = step.startsWith('>');
    const body = ALL_BODIES[chained ? step.slice(1) : step];
    last = body(c, chained ? last : root);
    c.wait(20, 900);
  }
}
