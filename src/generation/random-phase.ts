import fc from 'fast-check';
import { timedOut } from '../judge';
import { type Case, type CheckName, sendingsOf, type Verdict } from '../model';
import { parameterOf } from './failure-groups';
import type { GeneratedProperty, PropertyName } from './properties';

/**
 * The random phase: each property draws requests with fast-check from a seed, sends them through
 * the caller's `send` (the engine, with its rate gate and limits), and shrinks every failure to the
 * smallest request that still fails the same check. The same seed sends the same requests.
 */

type Send = (testCase: Case) => Promise<Verdict>;

export interface RandomRunOptions {
  /** The run's seed; each property derives its own from it and its name. */
  seed: number;
  /** Requests this property may send, shrinking included: an exchange's follow-ups (HEAD, validators sent back) count. */
  numRuns: number;
  send: Send;
  /** Requests sent at once between checks for failures; the engine's limits still apply inside. */
  chunkSize?: number;
  /** Asked between chunks: true once the run has stopped, so nothing more is drawn or sent. */
  stopped?: () => boolean;
  /** The clock shrinking's time bound is read from; Date.now unless a test says otherwise. */
  now?: () => number;
  /** The longest a property spends shrinking, in ms (SHRINK_TIME_MS unless a test says otherwise). */
  shrinkTimeMs?: number;
}

/** One failing check of a property, shrunk. */
interface GeneratedFailure {
  property: PropertyName;
  check: CheckName;
  /** The parameter(s) the minimal request is about, for grouping in reports. */
  parameter: string;
  /** Generated requests of the random draw that failed this check. */
  hits: number;
  /** The first generated request that failed it. */
  first: Verdict;
  /** The smallest request fast-check found that still fails the same check, and its verdict (with the curl). */
  minimal: { testCase: Case; verdict: Verdict };
  /** Requests spent on shrinking this failure. */
  shrinkRequests: number;
}

export interface PropertyRun {
  property: PropertyName;
  seed: number;
  /** The seed fast-check was given for this property. */
  propertySeed: number;
  budget: number;
  /** Requests sent: the random draw and the shrinking, each follow-up of an exchange counted. */
  sent: number;
  /** Exchanges of the random draw: the first `drawn` verdicts. */
  drawn: number;
  /** Drawn requests that could not be judged (the target unavailable past the retries): discarded, the draw moved on. */
  discarded: number;
  /** Every verdict, draw first then shrinking, in the order the requests were generated. */
  verdicts: Verdict[];
  failures: GeneratedFailure[];
}

/** FNV-1a: a stable 32-bit hash, so that each property draws its own sequence from one run seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

const propertySeed = (seed: number, property: PropertyName): number => (seed ^ hash(property)) | 0;

/** At most this share of a property's budget waits for shrinking, and only once a failure is seen. */
const SHRINK_SHARE = 1 / 3;
const SHRINK_MAX = 60;
/**
 * The longest a property spends shrinking: a candidate that hangs waits out the whole timeout, so
 * a count alone would not bound the time (60 hanging candidates are ten minutes at the default 10 s).
 */
export const SHRINK_TIME_MS = 30_000;

/** The draw is generated a block at a time, never the whole budget at once: the first block small, so the first request goes out at once. */
const DRAW_BLOCK_MIN = 16;
const DRAW_BLOCK_MAX = 512;

/**
 * fast-check's own sequence for the seed, value by value: each block is `fc.sample` replayed from
 * its index (fast-check's path, which skips the values before it without generating them), so the
 * i-th request is the one `--seed` names, and a budget of a million is never held.
 */
function* drawLazily(arbitrary: fc.Arbitrary<Case>, seed: number): Generator<Case, never> {
  for (let start = 0; ;) {
    const size = Math.min(DRAW_BLOCK_MAX, Math.max(DRAW_BLOCK_MIN, start));
    yield* fc.sample(arbitrary, { seed, path: String(start), numRuns: size });
    start += size;
  }
}

const unavailable = (verdict: Verdict): boolean => verdict.error?.kind === 'target-unavailable';

const failedChecks = (verdict: Verdict): CheckName[] =>
  verdict.outcome === 'failed' ? [...new Set(verdict.findings.map((finding) => finding.check))] : [];

const withId = (testCase: Case, id: string): Case => ({ ...testCase, id });

/** How many exchanges too long for what is left of the budget the draw passes over before it stops. */
const MAX_PASSED_OVER = 1_000;

/**
 * Runs one property within its budget: the random draw, then shrinking of each failing check. A
 * sample that could not be judged (unavailable past its retries) is discarded and the draw moves
 * on; a request that got no answer in time fails the property at once: the draw stops there.
 */
export async function runProperty(property: GeneratedProperty, options: RandomRunOptions): Promise<PropertyRun> {
  const seed = propertySeed(options.seed, property.name);
  const budget = Math.max(0, Math.floor(options.numRuns));
  const chunkSize = Math.max(1, options.chunkSize ?? 16);
  const stopped = options.stopped ?? (() => false);
  const idOf = (index: number) => `generated.${property.name}.s${options.seed}.${index}`;
  const draw = drawLazily(property.arbitrary, seed);
  const reserve = Math.min(SHRINK_MAX, Math.ceil(budget * SHRINK_SHARE));

  // The draw, chunk by chunk, so that once a failure shows, the reserve is kept for shrinking;
  // chunks keep that decision independent of timing, and so the requests of a seed fixed. An
  // exchange costs every request it plans (one not sent, as the exchange failed before it, is not made up for).
  const verdicts: Verdict[] = [];
  const firstFailing = new Map<CheckName, { index: number; testCase: Case; verdict: Verdict }>();
  let limit = budget;
  let sent = 0;
  let next = 0; // the index in the seed's sequence of the next exchange drawn
  while (sent < limit && !stopped()) {
    const chunk: Array<{ index: number; testCase: Case }> = [];
    let cost = 0;
    // An exchange that needs more requests than are left is passed over: a later, shorter one fits.
    for (let passed = 0; chunk.length < chunkSize && sent + cost < limit && passed < MAX_PASSED_OVER;) {
      const testCase = draw.next().value;
      const index = next++;
      if (sent + cost + sendingsOf(testCase) > limit) passed += 1;
      else {
        chunk.push({ index, testCase });
        cost += sendingsOf(testCase);
      }
    }
    if (chunk.length === 0) break;
    const judged = await Promise.all(chunk.map(({ index, testCase }) => options.send(withId(testCase, idOf(index)))));
    judged.forEach((verdict, i) => {
      const { index, testCase } = chunk[i] as { index: number; testCase: Case };
      for (const check of failedChecks(verdict)) {
        if (!firstFailing.has(check)) firstFailing.set(check, { index, testCase, verdict });
      }
    });
    verdicts.push(...judged);
    sent += cost;
    // Another request of a class that hangs would only wait out its timeout again.
    if (judged.some(timedOut)) limit = sent;
    else if (limit === budget && firstFailing.size > 0) limit = Math.max(sent, budget - reserve);
  }

  const failures: GeneratedFailure[] = [];
  const shrinkVerdicts: Verdict[] = [];
  const now = options.now ?? Date.now;
  const shrinkUntil = now() + (options.shrinkTimeMs ?? SHRINK_TIME_MS);
  const checks = [...firstFailing];
  let shrinkSent = 0;
  for (const [n, [check, first]] of checks.entries()) {
    const remaining = budget - sent - shrinkSent;
    // A request that got no answer in time is its own reproduction: each candidate that still hangs
    // would wait out the timeout again, and the parts an exchange shrinks through make that many.
    const allowance = stopped() || timedOut(first.verdict) ? 0 : Math.floor(remaining / (checks.length - n));
    const firstVerdict = first.verdict;
    const shrunk = await shrink(
      property,
      { seed, index: first.index, check, allowance, first: firstVerdict, original: first.testCase, inTime: () => now() < shrinkUntil },
      (c, k) => options.send(withId(c, `${idOf(first.index)}.${check}.shrink-${k}`)),
    );
    shrinkVerdicts.push(...shrunk.verdicts);
    shrinkSent += shrunk.sent;
    failures.push({
      property: property.name,
      check,
      parameter: parameterOf(shrunk.minimal.testCase),
      hits: verdicts.filter((v) => failedChecks(v).includes(check)).length,
      first: firstVerdict,
      minimal: shrunk.minimal,
      shrinkRequests: shrunk.verdicts.length,
    });
  }
  const all = [...verdicts, ...shrinkVerdicts];
  return {
    property: property.name,
    seed: options.seed,
    propertySeed: seed,
    budget,
    sent: sent + shrinkSent,
    drawn: verdicts.length,
    discarded: verdicts.filter(unavailable).length,
    verdicts: all,
    failures,
  };
}

interface ShrinkStart {
  seed: number;
  index: number;
  check: CheckName;
  allowance: number;
  first: Verdict;
  original: Case;
  /** False once shrinking has spent its time. */
  inTime: () => boolean;
}

/**
 * Replays the failing draw at `index` and lets fast-check shrink it, counting as failing only a
 * request that fails the same check. Past the allowance (in requests, follow-ups counted) or the
 * time bound a candidate counts as passing, unsent, which ends the shrinking where it is.
 */
async function shrink(property: GeneratedProperty, start: ShrinkStart, send: (c: Case, k: number) => Promise<Verdict>) {
  const verdicts: Verdict[] = [];
  let sent = 0;
  let minimal = { testCase: start.original, verdict: start.first };
  let calls = 0;
  let broken: unknown;
  await fc.check(
    fc.asyncProperty(property.arbitrary, async (candidate) => {
      calls += 1;
      if (calls === 1) return false; // the draw itself, already judged
      if (broken !== undefined || sent + sendingsOf(candidate) > start.allowance || !start.inTime()) return true;
      try {
        sent += sendingsOf(candidate);
        const verdict = await send(candidate, verdicts.length + 1);
        verdicts.push(verdict);
        const fails = failedChecks(verdict).includes(start.check);
        if (fails) minimal = { testCase: candidate, verdict };
        return !fails;
      } catch (error) {
        // A broken send must not pass for a failing candidate; it is raised once fast-check is done.
        broken = error;
        return true;
      }
    }),
    { seed: start.seed, path: String(start.index), numRuns: start.index + 1 },
  );
  if (broken !== undefined) throw broken;
  return { verdicts, sent, minimal };
}

/** Shares a total budget among properties: equal parts, the remainder to the first ones. */
export function splitBudget(total: number, properties: readonly PropertyName[]): Map<PropertyName, number> {
  const whole = Math.max(0, Math.floor(total));
  const base = properties.length === 0 ? 0 : Math.floor(whole / properties.length);
  const extra = whole - base * properties.length;
  return new Map(properties.map((name, i) => [name, base + (i < extra ? 1 : 0)]));
}

/** A fresh seed for a run that was given none; printed, so the run can be replayed. */
export const newSeed = (): number => (Math.random() * 2 ** 31) | 0;
