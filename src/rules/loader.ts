// Loads rule files: TOML syntax errors with smol-toml's line, schema errors located by key, and the
// corpus checks (duplicate ids, lookback ≥ interval, known jobs) — every failure collected, none thrown.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { issue, type Issue } from '../common/issues.js';
import { formatDuration, parseDuration, parseLookback } from './duration.js';
import { KNOWN_JOB_IDS } from './known-jobs.js';
import { keyLines, lineOf } from './locate.js';
import { ruleFileSchema, type LoadedRule } from './schema.js';

export interface RuleLoadResult {
  rules: LoadedRule[];
  issues: Issue[];
}

function schemaIssues(error: z.ZodError, text: string, file: string): Issue[] {
  const index = keyLines(text);
  return error.issues.map((zi) => {
    let path: Array<string | number> = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = path.length ? `${path.join('.')}: ` : '';
    let message = zi.message;
    if (zi.code === 'unrecognized_keys') {
      path = [...path, zi.keys[0]];
      message = `unknown key${zi.keys.length > 1 ? 's' : ''} ${zi.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    return issue('OS_RULE_SCHEMA', `${where}${message}`, { file, line: lineOf(index, path) ?? 1 });
  });
}

/** Parses and validates one rule file's text. */
export function parseRuleText(text: string, file: string): { rule?: LoadedRule; issues: Issue[] } {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split('\n')[0];
      return { issues: [issue('OS_RULE_SYNTAX', first, { file, line: e.line })] };
    }
    throw e;
  }
  const parsed = ruleFileSchema.safeParse(data);
  if (!parsed.success) return { issues: schemaIssues(parsed.error, text, file) };
  const { rule, metadata } = parsed.data;
  const intervalMs = parseDuration(rule.interval)!;
  const lookbackMs = parseLookback(rule.from)!;
  const issues: Issue[] = [];
  if (lookbackMs < intervalMs) {
    const line = lineOf(keyLines(text), ['rule', 'from']) ?? 1;
    issues.push(
      issue('OS_RULE_SCHEMA', `rule.from: look-back ${formatDuration(lookbackMs)} is shorter than interval ${rule.interval}, so runs would leave gaps`, {
        file,
        line,
      }),
    );
  }
  if (issues.length) return { issues };
  return { rule: { rule, metadata, file, intervalMs, lookbackMs }, issues };
}

/** `*.toml` files of a folder (sorted, so load order and run order are stable), or the files given. */
export function ruleFiles(paths: readonly string[]): { files: string[]; issues: Issue[] } {
  const files: string[] = [];
  const issues: Issue[] = [];
  for (const p of paths) {
    if (!existsSync(p)) {
      issues.push(issue('OS_READ_OPEN', `no such rule file or folder: ${p}`, { file: p }));
      continue;
    }
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).filter((n) => n.endsWith('.toml')).sort()) files.push(join(p, f));
    } else {
      files.push(p);
    }
  }
  return { files, issues };
}

export interface CorpusOptions {
  /** Jobs a machine_learning rule may name; defaults to the six ProblemChild jobs. */
  knownJobs?: readonly string[];
}

/** Loads every rule of the given files/folders and checks the corpus as a whole. */
export function loadRules(paths: readonly string[], opts: CorpusOptions = {}): RuleLoadResult {
  const { files, issues } = ruleFiles(paths);
  const rules: LoadedRule[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      issues.push(issue('OS_READ_OPEN', `cannot read rule file: ${(e as Error).message}`, { file }));
      continue;
    }
    const r = parseRuleText(text, file);
    issues.push(...r.issues);
    if (r.rule) rules.push(r.rule);
  }
  const corpus = checkCorpus(rules, opts);
  const bad = new Set(corpus.map((i) => i.origin?.file));
  return { rules: rules.filter((r) => !bad.has(r.file)), issues: [...issues, ...corpus] };
}

/** Cross-file checks: unique rule_id, jobs that exist. */
export function checkCorpus(rules: readonly LoadedRule[], opts: CorpusOptions = {}): Issue[] {
  const known = opts.knownJobs ?? KNOWN_JOB_IDS;
  const out: Issue[] = [];
  const seen = new Map<string, string>();
  for (const r of rules) {
    const prev = seen.get(r.rule.rule_id);
    if (prev) out.push(issue('OS_RULE_DUPLICATE', `rule_id ${r.rule.rule_id} is also used by ${prev}`, { file: r.file, line: ruleKeyLine(r, 'rule_id') }));
    else seen.set(r.rule.rule_id, r.file);
    if (r.rule.type === 'machine_learning') {
      for (const job of r.rule.machine_learning_job_id) {
        if (!known.includes(job)) {
          out.push(
            issue('OS_RULE_UNKNOWN_JOB', `machine_learning_job_id "${job}" names no known job (known: ${known.join(', ')})`, {
              file: r.file,
              line: ruleKeyLine(r, 'machine_learning_job_id'),
            }),
          );
        }
      }
    }
  }
  return out;
}

function ruleKeyLine(r: LoadedRule, key: string): number {
  try {
    return lineOf(keyLines(readFileSync(r.file, 'utf8')), ['rule', key]) ?? 1;
  } catch {
    return 1;
  }
}

/** The shipped `rules/` folder: beside package.json, two or three levels above this module (src/ or dist/src/). */
export function shippedRulesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    const dir = resolve(here, up, 'rules');
    if (existsSync(join(resolve(here, up), 'package.json')) && existsSync(dir)) return dir;
  }
  return resolve(here, '../../rules');
}

/** Finds a rule by rule_id, or by name (case-insensitive). */
export function findRule(rules: readonly LoadedRule[], idOrName: string): LoadedRule | undefined {
  const lower = idOrName.toLowerCase();
  return rules.find((r) => r.rule.rule_id === idOrName) ?? rules.find((r) => r.rule.name.toLowerCase() === lower);
}
