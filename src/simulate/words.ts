// Small vocabularies the command-line templates draw from (project-written).

import type { Prng } from './prng.js';

const DOC_WORDS = ['budget', 'minutes', 'proposal', 'invoice', 'report', 'plan', 'timesheet', 'contract', 'roadmap', 'forecast',
  'onboarding', 'review', 'summary', 'schedule', 'inventory', 'quote', 'agenda', 'checklist', 'policy', 'brief'];
const DOC_TAGS = ['Q1', 'Q2', 'Q3', 'Q4', '2025', 'final', 'v2', 'v3', 'draft', 'signed', 'EMEA', 'team', 'client'];
const FOLDERS = ['Documents', 'Desktop', 'Downloads', 'Documents\\Projects', 'Documents\\Finance', 'Documents\\HR'];
export const SITES = ['intranet.{dom}', 'sharepoint.{dom}', 'outlook.office.com', 'www.bing.com', 'docs.microsoft.com', 'github.com',
  'www.google.com', 'news.example.org', 'portal.azure.com', 'wiki.{dom}', 'jira.{dom}', 'calendar.google.com'];
export const REPOS = ['billing-api', 'web-portal', 'data-pipeline', 'mobile-app', 'infra', 'auth-service', 'reporting', 'tools'];

export function docName(r: Prng, ext: string): string {
  const w = r.pick(DOC_WORDS);
  const name = r.chance(0.5) ? `${w[0].toUpperCase()}${w.slice(1)} ${r.pick(DOC_TAGS)}` : `${w}_${r.pick(DOC_TAGS)}`;
  return `${name}.${ext}`;
}

export function docPath(r: Prng, profile: string, ext: string): string {
  return `C:\\Users\\${profile}\\${r.pick(FOLDERS)}\\${docName(r, ext)}`;
}

export function outlookTemp(r: Prng, profile: string, ext: string): string {
  return `C:\\Users\\${profile}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${r.alnum(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}\\${docName(r, ext)}`;
}

export function chromiumTrial(r: Prng): string {
  return `--field-trial-handle=${r.int(1700, 2100)},i,${r.int(1e9, 4e9)}${r.int(1e8, 9e8)},${r.int(1e9, 4e9)}${r.int(1e8, 9e8)},262144`;
}
