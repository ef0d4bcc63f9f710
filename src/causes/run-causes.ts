import { rerunCommand } from '../failure-message';
import {
  CASE_ORIGINS,
  type CaseOrigin,
  type CauseDimension,
  type CheckName,
  isCaseVerdict,
  type QueryPairs,
  type Verdict,
  type VerdictTier,
} from '../model';
import { causesOf, causeTitle, dimensionOf } from './request-cause';
import { type CanonicalValues, compareSimplicity, simplicityOf } from './simplicity';

/** One distinct problem of a run, however many cases and requests showed it. */
export interface Cause {
  key: string;
  /** The check that names it: the one most of its cases failed. */
  check: CheckName;
  /** Every check that saw it, `check` first: one behaviour may fail several (a 2xx to a refused request, and the metrics it leaked). */
  checks: CheckName[];
  /** One line: the check and what it found. */
  title: string;
  /** Cases that hit it: table rows, coverage cases and generated properties, each once. */
  cases: number;
  /** Requests that hit it: a property counts each of its requests that did. */
  requests: number;
  /** The tiers of the requests that hit it. */
  tiers: VerdictTier[];
  /** Where those cases come from: table rows, the coverage phase, the random phase's properties. */
  origins: CaseOrigin[];
  /** The simplest request that hit it, from everything that did, with how to send it again. */
  smallest: { caseId: string; title: string; curl: string; rerun: string; status?: number };
  /** Every case that hit it, in run order. */
  caseIds: string[];
}

interface Hit {
  verdict: Verdict;
  requests: number;
  tiers: readonly VerdictTier[];
  simplest: { title: string; query: QueryPairs; curl: string; status?: number };
  key: string;
  check: CheckName;
  title: string;
  behaviour: string;
  dimension?: CauseDimension;
  what: string;
}

/** Every failed verdict's causes: a property's from its requests, any other case's from its own findings. */
function hitsOf(verdict: Verdict): Hit[] {
  if (verdict.generated) {
    return (verdict.generated.causes ?? []).map((cause) => ({ verdict, ...cause }));
  }
  const simplest = {
    title: verdict.title,
    query: verdict.request.query,
    curl: verdict.curl,
    ...(verdict.status !== undefined && { status: verdict.status }),
  };
  return causesOf(verdict).map((cause) => ({ verdict, requests: 1, tiers: [verdict.tier], simplest, ...cause }));
}

/**
 * Whether each dimension label (`auth none`, `hostile pipeline id`) triggers each behaviour, from
 * the requests already sent without a query: the behaviour must show where that dimension alone
 * varies, and not where nothing does (the configured credential and id). A label no such case
 * judged stays named unless the configured request shows the behaviour too.
 */
function triggers(verdicts: readonly Verdict[]): (label: string, behaviour: string) => boolean {
  const shown = new Map<string, Set<string>>();
  const configured = new Set<string>();
  for (const verdict of verdicts) {
    if (verdict.generated || verdict.request.query.length > 0) continue;
    if (verdict.outcome !== 'passed' && verdict.outcome !== 'failed') continue;
    const label = dimensionOf(verdict)?.label;
    const behaviours = label === undefined ? configured : (shown.get(label) ?? new Set<string>());
    for (const cause of causesOf(verdict)) behaviours.add(cause.behaviour);
    if (label !== undefined) shown.set(label, behaviours);
  }
  return (label, behaviour) => !configured.has(behaviour) && (shown.get(label)?.has(behaviour) ?? true);
}

interface Group {
  key: string;
  /** The fine causes in it, by key, with how many cases each: the largest names the group. */
  parts: Map<string, { hit: Hit; cases: Set<string> }>;
  labels: string[];
  cases: number;
  requests: number;
  tiers: VerdictTier[];
  origins: CaseOrigin[];
  smallest: Cause['smallest'];
  simplestQuery: QueryPairs;
  caseIds: string[];
}

const newGroup = (key: string): Group => ({
  key,
  parts: new Map(),
  labels: [],
  cases: 0,
  requests: 0,
  tiers: [],
  origins: [],
  smallest: { caseId: '', title: '', curl: '', rerun: '' },
  simplestQuery: [],
  caseIds: [],
});

function addHit(group: Group, hit: Hit, canonical: CanonicalValues): void {
  const { verdict } = hit;
  const smallest = {
    caseId: verdict.caseId,
    title: hit.simplest.title,
    curl: hit.simplest.curl,
    rerun: rerunCommand(verdict),
    ...(hit.simplest.status !== undefined && { status: hit.simplest.status }),
  };
  const part = group.parts.get(hit.key) ?? { hit, cases: new Set<string>() };
  part.cases.add(verdict.caseId);
  group.parts.set(hit.key, part);
  if (!group.caseIds.includes(verdict.caseId)) group.caseIds.push(verdict.caseId);
  group.cases = group.caseIds.length;
  group.requests += hit.requests;
  for (const tier of hit.tiers) if (!group.tiers.includes(tier)) group.tiers.push(tier);
  const origin: CaseOrigin = verdict.origin ?? 'table';
  if (!group.origins.includes(origin)) group.origins.push(origin);
  if (
    group.caseIds.length === 1 ||
    compareSimplicity(simplicityOf(hit.simplest.query, canonical), simplicityOf(group.simplestQuery, canonical)) < 0
  ) {
    group.smallest = smallest;
    group.simplestQuery = hit.simplest.query;
  }
}

/** Merges `from` into `into`: the cases, requests, tiers and origins of both, the simpler reproduction. */
function mergeGroup(into: Group, from: Group, canonical: CanonicalValues): void {
  for (const [key, part] of from.parts) {
    const seen = into.parts.get(key);
    if (seen) for (const id of part.cases) seen.cases.add(id);
    else into.parts.set(key, part);
  }
  for (const id of from.caseIds) if (!into.caseIds.includes(id)) into.caseIds.push(id);
  into.cases = into.caseIds.length;
  into.requests += from.requests;
  for (const tier of from.tiers) if (!into.tiers.includes(tier)) into.tiers.push(tier);
  for (const origin of from.origins) if (!into.origins.includes(origin)) into.origins.push(origin);
  for (const label of from.labels) if (!into.labels.includes(label)) into.labels.push(label);
  if (compareSimplicity(simplicityOf(from.simplestQuery, canonical), simplicityOf(into.simplestQuery, canonical)) < 0) {
    into.smallest = from.smallest;
    into.simplestQuery = from.simplestQuery;
  }
}

/** Labels of one kind said once: `auth none, garbage-token` rather than `auth none, auth garbage-token`. */
function labelsOf(labels: readonly string[]): string[] {
  const [first, ...rest] = labels;
  if (first === undefined || !first.startsWith('auth ') || !rest.every((l) => l.startsWith('auth '))) return [...labels];
  return [[first, ...rest.map((l) => l.slice('auth '.length))].join(', ')];
}

/** The group as a cause: named by its largest part, with the labels that trigger it and the other checks that saw it. */
function causeOf(group: Group): Cause {
  // Ties go to the check of a request that varied no dimension: its words fit what the server reacts to.
  const varied = (part: { hit: Hit }): number => (dimensionOf(part.hit.verdict) ? 1 : 0);
  const parts = [...group.parts.values()].sort(
    (a, b) => b.cases.size - a.cases.size || varied(a) - varied(b) || a.hit.key.localeCompare(b.hit.key),
  );
  const main = parts[0]?.hit as Hit;
  const others = [...new Set(parts.map((p) => p.hit.check))].filter((check) => check !== main.check);
  const title = `${causeTitle(main.check, labelsOf(group.labels), main.what)}${others.length > 0 ? ` (also ${others.join(', ')})` : ''}`;
  return {
    key: group.key,
    check: main.check,
    checks: [main.check, ...others],
    title,
    cases: group.cases,
    requests: group.requests,
    tiers: group.tiers,
    origins: CASE_ORIGINS.filter((o) => group.origins.includes(o)),
    smallest: group.smallest,
    caseIds: group.caseIds,
  };
}

/**
 * The run's findings grouped by what the server did, across tables, coverage and random phase:
 * each distinct behaviour once, with how many cases and requests hit it and its simplest
 * reproduction. Findings are one behaviour when they are one status class (a crash on any tier),
 * one schema error or one check's finding, and a dimension (the credential, the pipeline id) is
 * named only when the cases that vary it alone show the behaviour too; findings that every case
 * of another showed with it (a 2xx and the metrics it leaked) are that one's. Most cases first.
 */
export function findCauses(verdicts: readonly Verdict[], canonical: CanonicalValues): Cause[] {
  const cases = verdicts.filter(isCaseVerdict);
  const isTrigger = triggers(cases);
  const groups = new Map<string, Group>();
  // The live contract's verdict is no answer of the endpoint: the headline and the drift section say what drifted.
  for (const verdict of cases) {
    if (verdict.outcome !== 'failed') continue;
    for (const hit of hitsOf(verdict)) {
      const dimension = hit.dimension && isTrigger(hit.dimension.label, hit.behaviour) ? hit.dimension : undefined;
      const key = dimension ? `${hit.behaviour} (${dimension.kind})` : hit.behaviour;
      const group = groups.get(key) ?? newGroup(key);
      groups.set(key, group);
      if (dimension && !group.labels.includes(dimension.label)) group.labels.push(dimension.label);
      addHit(group, { ...hit, key: dimension ? hit.key : causeTitle(hit.check, [], hit.what), what: hit.what }, canonical);
    }
  }
  // Largest first; a group whose every case another (as large or larger) also has is that one's behaviour seen by another check.
  const ordered = [...groups.values()].sort((a, b) => b.cases - a.cases || b.requests - a.requests || a.key.localeCompare(b.key));
  const kept: Group[] = [];
  for (const group of ordered) {
    const into = kept.find((k) => group.caseIds.every((id) => k.caseIds.includes(id)));
    if (into) mergeGroup(into, group, canonical);
    else kept.push(group);
  }
  return kept.map(causeOf).sort((a, b) => b.cases - a.cases || b.requests - a.requests || a.title.localeCompare(b.title));
}

/** How a cause reads in a list: its title, and what hit it. */
export function causeReach(cause: Cause): string {
  const cases = `${cause.cases.toLocaleString('en-US')} ${cause.cases === 1 ? 'case' : 'cases'}`;
  const requests = cause.requests === cause.cases ? '' : `, ${cause.requests.toLocaleString('en-US')} requests`;
  return `${cases}${requests}; tiers ${cause.tiers.join(', ')}; from ${cause.origins.join(', ')}`;
}
