import type { DriftReport } from '../drift/drift-report';
import type { Finding } from '../model';

/**
 * With STREAMKAP_DRIFT=fail, the live contract must not have moved away from the vendored one in
 * a way that breaks its clients. Non-breaking differences, a skipped or an unusable comparison
 * are reported, never failed.
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
