import { findingVerdict, NO_ANSWER_IN_TIME, timedOut } from './judge';
import type { Case, Verdict, WireRequest } from './model';

/**
 * Requests that hang, by class, so that no more of a class proven to hang are sent than it took to
 * prove it. A class is one query parameter's value among requests of one tier (`time_unit=week` in
 * requests that must be accepted): an invalid `week` request refused at once, or one without a
 * token, is another class. A request that timed out implicates one of its values only when every
 * other value it carried was answered in some other request; a value is proven to hang once two
 * requests implicate it and none carrying it (in that tier) was ever answered. Evidence only grows,
 * so a value shared by chance with a hanging one (`time_interval=1`) is cleared by the first answer
 * that carries it, and a target that answers nothing proves no class at all.
 */
const PROOF = 2;

interface HungRequest {
  caseId: string;
  keys: readonly string[];
}

/** The class a value belongs to: its tier, its parameter and its value. */
const keysOf = (tier: string, query: Verdict['request']['query']): string[] => query.map(([name, value]) => `${tier} ${name}=${value}`);

export interface ProvenClass {
  tier: string;
  /** `name=value` */
  value: string;
  /** The cases whose requests proved it, in the order they timed out. */
  caseIds: string[];
}

export class HungClasses {
  private readonly answered = new Set<string>();
  private readonly hung: HungRequest[] = [];
  private answeredAny = false;

  /** Learns from one request sent and judged (a case, a generated one). */
  observe(verdict: Verdict): void {
    const keys = keysOf(verdict.tier, verdict.request.query);
    if (timedOut(verdict)) this.hung.push({ caseId: verdict.caseId, keys });
    else if (verdict.status !== undefined) {
      this.answeredAny = true;
      for (const key of keys) this.answered.add(key);
    }
  }

  /** The proven hanging class this case's request belongs to, if any. */
  provenFor(testCase: Case): ProvenClass | undefined {
    if (!this.answeredAny || this.hung.length < PROOF) return undefined;
    for (const key of keysOf(testCase.tier, testCase.query ?? [])) {
      if (this.answered.has(key)) continue;
      const implicating = this.hung.filter((h) => h.keys.includes(key) && h.keys.every((k) => k === key || this.answered.has(k)));
      if (implicating.length < PROOF) continue;
      const [tier = '', value = ''] = key.split(/ (.*)/s);
      return { tier, value, caseIds: implicating.map((h) => h.caseId) };
    }
    return undefined;
  }

  /** The verdict of a case not sent because its class hangs: failed, saying on what evidence, with the curl that reproduces it. */
  notSentAgain(testCase: Case, request: WireRequest, proven: ProvenClass): Verdict {
    return findingVerdict(testCase, request, {
      check: 'response_received',
      title: `${NO_ANSWER_IN_TIME} (not sent again: ${proven.value} hangs)`,
      message:
        `Not sent again: every ${proven.tier}-tier request with ${proven.value} the run sent timed out (in ${proven.caseIds.join(', ')}) ` +
        `while the target answered other requests, so this one would only wait out its timeout too. The curl reproduces it.`,
    });
  }
}
