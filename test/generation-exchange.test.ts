/**
 * The exchange is one model: the random phase draws every part of it (the method, the client's
 * headers, validators sent back, the credential, the query, its syntax, spelling and size, the
 * pipeline id), shrinks a failure to the simplest exchange that still fails, and so finds faults
 * of HTTP itself that it missed while it drew query values alone: each fault below is caught by
 * the random phase at a seed, and missed at the same seed and budget with those parts held at
 * what the suite sent before (a GET alone, its own headers, the query plain, the credentials as
 * they are, no derived ids).
 */
import fc from 'fast-check';
import { loadContract } from '../src/contract';
import { DRAWN_PARTS } from '../src/generation/exchange-arbitrary';
import { describeExchange } from '../src/generation/exchange';
import { parameterSpaces } from '../src/generation/parameter-space';
import { generatedProperties, type PropertyName } from '../src/generation/properties';
import { tierOf } from '../src/generation/tier-rule';
import { formatVerdict } from '../src/failure-message';
import { type Case, CLIENT_PROFILES, CREDENTIAL_VARIANTS } from '../src/model';
import { startReferenceServer } from '../src/reference-server/reference-server';
import { requestDimensionFaults } from './fault-matrix/request-dimension-faults';
import { SERVER_TEST_TIMEOUT_MS } from './fault-matrix/server-runs';
import { startMisbehavingServer } from './resilience/misbehaving-server';
import { generatedRequestsOf, oneProperty, ofOrigin, propertyCases, runGeneration } from './support/generation-driver';

const contract = loadContract();
const spaces = parameterSpaces(contract);
const properties = generatedProperties(contract);
const propertyOf = (name: PropertyName) => {
  const found = properties.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no property ${name}`);
  return found;
};

/** Every exchange each property draws in its first 300 at one seed. */
const drawn = new Map(properties.map((p) => [p.name, fc.sample(p.arbitrary, { seed: 7, numRuns: 300 })]));
const everyDrawn = [...drawn.values()].flat();
const resentAs = (c: Case) => c.then?.find((step) => step.as !== undefined)?.as;

describe('the exchange arbitrary draws every part', () => {
  test('every client profile, method, validator, query syntax and spelling, credential variant and a long value occur', () => {
    const seen = <T>(pick: (c: Case) => T) => new Set(everyDrawn.map(pick));
    expect(seen((c) => c.profile ?? 'axios')).toEqual(new Set(CLIENT_PROFILES));
    expect(seen(resentAs)).toEqual(
      new Set([undefined, 'head', 'if-none-match', 'if-none-match-other', 'if-modified-since', 'if-modified-since-earlier']),
    );
    expect(seen((c) => c.querySyntax ?? 'plain')).toEqual(new Set(['plain', 'bare-names', 'empty-pairs', 'semicolons', 'encoded-names']));
    expect(seen((c) => c.querySpelling ?? 'plain')).toEqual(new Set(['plain', 'raw-colons', 'lower-case-escapes', 'encoded-unreserved']));
    expect(seen((c) => c.auth ?? 'token')).toEqual(
      new Set(['token', 'none', 'garbage-token', 'wrong-scheme', 'limited-token', ...CREDENTIAL_VARIANTS]),
    );
    expect(seen((c) => c.pipeline?.kind ?? 'configured')).toEqual(new Set(['configured', 'missing', 'raw', 'neighbour']));
    expect(everyDrawn.some((c) => (c.query ?? []).some(([, raw]) => raw.length >= 2000))).toBe(true);
  });

  test('each property draws HEAD and every profile and syntax; its exchanges mostly plain GETs', () => {
    for (const [name, cases] of drawn) {
      expect([name, cases.some((c) => resentAs(c) === 'head')]).toEqual([name, true]);
      expect([name, new Set(cases.map((c) => c.profile ?? 'axios')).size]).toEqual([name, CLIENT_PROFILES.length]);
      expect([name, new Set(cases.map((c) => c.querySyntax ?? 'plain')).size]).toEqual([name, 5]);
      expect(cases.filter((c) => c.then === undefined).length).toBeGreaterThan(cases.length / 2);
    }
  });

  test('the tier of a drawn exchange is the one rule’s, and its title names every part that is not the simplest', () => {
    for (const c of everyDrawn) {
      expect(c.tier).toBe(tierOf({ ...c, then: undefined }, spaces));
      if (c.then?.some((step) => step.as === 'head')) expect(c.title).toContain('then the same as HEAD');
      if (c.profile !== undefined && c.profile !== 'curl') expect(c.title).toContain(`as ${c.profile} sends it`);
      if (c.querySyntax !== undefined) expect(c.title).toContain(`(${c.querySyntax})`);
      if (c.querySpelling !== undefined) expect(c.title).toContain(`written ${c.querySpelling}`);
      if (c.auth !== undefined) expect(c.title).toContain(`auth ${c.auth}`);
      expect(c.title.length).toBeLessThan(1000);
    }
    expect(describeExchange({})).toBe('no query, as axios sends it');
    expect(describeExchange({ profile: 'curl' })).toBe('no query');
  });
});

/** What fast-check shrinks a drawn exchange to, when the property fails exactly where `fails` says. */
function shrunkOf(name: PropertyName, fails: (c: Case) => boolean): Case {
  const details = fc.check(
    fc.property(propertyOf(name).arbitrary, (c) => !fails(c)),
    { seed: 1, numRuns: 2000 },
  );
  if (details.counterexample === null) throw new Error(`no exchange of ${name} failed`);
  return details.counterexample[0];
}

/** A case's parts, without what names it. */
const partsOf = ({ id: _id, title: _title, tags: _tags, origin: _origin, ...parts }: Case) => parts;

describe('shrinking reaches the simplest exchange that still fails', () => {
  test('a fault of HEAD alone shrinks to HEAD after a plain GET by curl, with the run’s token, no query, plain syntax, the configured id', () => {
    expect(partsOf(shrunkOf('valid-requests-accepted', (c) => resentAs(c) === 'head'))).toEqual({
      tier: 'accept',
      profile: 'curl',
      then: [{ auth: 'token', tier: 'accept', as: 'head' }],
    });
  });

  test('a refusal property’s fault of HEAD shrinks to HEAD without a credential', () => {
    expect(partsOf(shrunkOf('refusal-ignores-query', (c) => resentAs(c) === 'head'))).toEqual({
      tier: 'auth',
      auth: 'none',
      profile: 'curl',
      then: [{ auth: 'none', tier: 'auth', as: 'head' }],
    });
  });

  test('a fault of one profile and one syntax keeps both and nothing else', () => {
    const shrunk = shrunkOf('valid-requests-accepted', (c) => c.profile === 'go' && c.querySyntax === 'empty-pairs');
    expect(partsOf(shrunk)).toEqual({ tier: 'accept', profile: 'go', querySyntax: 'empty-pairs' });
    expect(shrunk.title).toBe('no query (empty-pairs), as go sends it');
  });

  test('a fault of validators that do not match keeps If-None-Match with another ETag, by curl', () => {
    expect(partsOf(shrunkOf('valid-requests-accepted', (c) => resentAs(c) === 'if-none-match-other'))).toEqual({
      tier: 'accept',
      profile: 'curl',
      then: [{ auth: 'token', tier: 'accept', as: 'if-none-match-other' }],
    });
  });
});

/**
 * Faults of the request-dimension catalogue, each with the seed at which the random phase (every
 * property, BUDGET requests over them) finds it, and what its shrunk exchange must show: the part
 * the fault lives in.
 */
const FOUND_BY_THE_RANDOM_PHASE: ReadonlyArray<{ fault: string; seed: number; shows: RegExp; budget?: number }> = [
  { fault: 'HEAD granted without credentials', seed: 3, shows: /then the same as HEAD/ },
  { fault: 'HEAD crashes', seed: 1, shows: /then the same as HEAD/ },
  { fault: 'HEAD answered with content', seed: 1, shows: /then the same as HEAD/ },
  { fault: '304 to any If-None-Match', seed: 2, shows: /then with another ETag in If-None-Match/ },
  { fault: '304 to any If-Modified-Since', seed: 1, shows: /then with a day before its Last-Modified in If-Modified-Since/ },
  // Validators sent back without a grant, after a GET with the token: 60 requests for each property.
  { fault: 'precondition before authentication', seed: 1, shows: /then with auth \S+ with its ETag in If-None-Match/, budget: 480 },
  { fault: 'strong ETag from the URL', seed: 1, shows: /then with/ },
  { fault: '`;` in a query crashes', seed: 1, shows: /\(semicolons\)/ },
  { fault: 'empty pairs crash', seed: 2, shows: /\(empty-pairs\)/ },
  { fault: 'literal colons refused', seed: 1, shows: /written raw-colons/ },
  { fault: 'lower-case escapes not decoded', seed: 1, shows: /written lower-case-escapes/ },
  { fault: 'encoded letters not decoded', seed: 1, shows: /written encoded-unreserved/ },
  { fault: '414 page labelled JSON', seed: 2, shows: /_="0123456789012345… \(\d+ characters\)"/ },
  { fault: 'unknown parameter crashes', seed: 1, shows: /_="0123456789012345… \(\d+ characters\)"/ },
];
const BUDGET = 96;
/** Every part beside the query values held at what the suite sent before it drew them. */
const HELD = new Set(DRAWN_PARTS);

const faultNamed = (name: string) => {
  const fault = requestDimensionFaults.find((f) => f.name === name);
  if (fault === undefined) throw new Error(`no fault named ${name}`);
  return fault;
};

describe('the random phase finds faults of HTTP itself that it missed drawing query values alone', () => {
  test.concurrent.each(FOUND_BY_THE_RANDOM_PHASE.map((entry) => [entry.fault, entry] as const))(
    '%s',
    async (_name, { fault: name, seed, shows, budget = BUDGET }) => {
      const fault = faultNamed(name);
      const runAt = async (held?: ReadonlySet<(typeof DRAWN_PARTS)[number]>) => {
        const server = await startReferenceServer(fault.options);
        try {
          const plan = { cases: propertyCases(contract), random: { seed, generatedRequests: budget } };
          return ofOrigin(await runGeneration(server, plan, { contract, ...(held && { held }) }), 'property');
        } finally {
          await server.close();
        }
      };
      const [found, before] = await Promise.all([runAt(), runAt(HELD)]);
      const failing = found.flatMap((v) => (v.generated?.failures ?? []).filter((f) => f.check === fault.check).map((f) => ({ v, f })));
      expect(failing.length).toBeGreaterThan(0);
      // The shrunk exchange keeps the part the fault lives in, in its title and its reproduction.
      const first = failing[0];
      expect(first?.f.minimalTitle).toMatch(shows);
      // Its reproduction is the sending that failed: the HEAD, or the GET with its validators sent back.
      if (fault.check.startsWith('head_')) expect(first?.f.minimalCurl).toContain('--head');
      if (fault.check === 'not_modified_only_on_match') expect(first?.f.minimalCurl).toMatch(/-H 'if-(none-match|modified-since): /);
      // At the same seed and budget, with those parts held, every property passes: the fault was missed.
      expect(before).toHaveLength(properties.length);
      expect(before.filter((verdict) => verdict.outcome !== 'passed').map(formatVerdict)).toEqual([]);
    },
    SERVER_TEST_TIMEOUT_MS,
  );
});

/**
 * A fault of one client's headers: a handler that reads `Accept` without a default crashes on a
 * request that sends none, as Go's net/http does. The random phase draws the profile, finds it and
 * shrinks it to Go's exchange with nothing else; drawing only the suite's own headers, it never sends one.
 */
test(
  'a fault of one client profile is found, and shrunk to that profile alone',
  async () => {
    const gateway = await startMisbehavingServer({
      script: (request) =>
        request.url.includes('/metrics') && request.headers.accept === undefined
          ? { kind: 'answer', status: 500, headers: { 'content-type': 'text/plain' }, body: "KeyError: 'accept'" }
          : { kind: 'forward' },
    });
    try {
      const server = { ...gateway.upstream, baseUrl: gateway.baseUrl };
      const plan = { cases: propertyCases(contract), random: { seed: 1, generatedRequests: BUDGET } };
      const found = ofOrigin(await runGeneration(server, plan, { contract }), 'property');
      const failures = found.flatMap((v) => v.generated?.failures ?? []);
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.every((f) => / as go sends it/.test(f.minimalTitle))).toBe(true);
      expect(failures.map((f) => f.parameter)).toContain('profile (go)');
      const before = ofOrigin(await runGeneration(server, plan, { contract, held: HELD }), 'property');
      expect(before).toHaveLength(properties.length);
      expect(before.filter((verdict) => verdict.outcome !== 'passed').map(formatVerdict)).toEqual([]);
    } finally {
      await gateway.close();
    }
  },
  SERVER_TEST_TIMEOUT_MS,
);

/**
 * Validators are optional: against an API that sends none (as FastAPI does), an exchange that would
 * send them back ends after its GET, judged by what it sent, its title saying why, and the property
 * stays green; the budget still counts the follow-up it planned.
 */
test('an exchange whose answer carried no validator to send back ends after its GET, green', async () => {
  const server = await startReferenceServer({ behaviour: { revalidate: (answer) => answer } });
  try {
    const run = await runGeneration(server, oneProperty(contract, 'valid-requests-accepted', 4, 60), { contract });
    const ended = run.generated.filter((v) => /\[sending 2 of 2 not sent: the API's answer carried no (ETag|Last-Modified)/.test(v.title));
    expect(ended.length).toBeGreaterThan(0);
    for (const v of ended) expect([v.outcome, v.request.method, v.curl]).toEqual(['passed', 'GET', expect.not.stringContaining('if-')]);
    expect(ofOrigin(run, 'property').map((v) => v.outcome)).toEqual(['passed']);
    const sent = server.requests.filter((r) => r.url.includes('/metrics')).length;
    expect(sent).toBe(generatedRequestsOf(run) - ended.length);
  } finally {
    await server.close();
  }
});
