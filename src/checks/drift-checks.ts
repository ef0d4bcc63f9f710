import type { DriftReport } from '../drift/drift-report';
import type { Finding } from '../model';

/**
 * The live contract must not have moved away from the vendored one in a way that breaks its
 * clients: a finding with STREAMKAP_DRIFT=fail, a warning with warn (src/drift/check-drift.ts).
 * Non-breaking differences are reported, never found; a comparison that could not be made is no
 * finding either.
 */
export function contractUnchanged(report: DriftReport): Finding[] {
  if (report.status !== 'drift' || report.breaking === 0) return [];
  const first = report.differences.filter((d) => d.breaking).slice(0, 3);
  const more = report.breaking - first.length;
  return [
    {
      check: 'contract_unchanged',
      title: `${report.breaking} breaking change(s) in the live contract`,
      message:
        `The live document at ${report.liveSpecUrl} differs from ${report.vendoredSpec} in ways that break its clients: ` +
        `${first.map((d) => `${d.location}: ${d.message.replace(/`/g, '')}`).join('; ')}${more > 0 ? `; and ${more} more` : ''}.`,
    },
  ];
}
