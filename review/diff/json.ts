/**
 * The diff report as JSON (`itsm-scale diff --format json`), documented in docs/diff.md. The
 * shape is versioned: fields are only added within a schemaVersion.
 */
import { ChangeClass, CostChange, ClassCounts, DiffReport, OutputChange, ResourceChange, SettingChange, StackSummary, UncoveredEndpoint } from './types';

export const DIFF_JSON_SCHEMA_VERSION = 1;

/** The overall result: the most serious class present, or `none` when nothing differs. */
export type DiffVerdict = ChangeClass | 'none';

export interface DiffJson {
  readonly schemaVersion: typeof DIFF_JSON_SCHEMA_VERSION;
  readonly before: string;
  readonly after: string;
  readonly verdict: DiffVerdict;
  /** The exit code of `itsm-scale diff`: 2 with data risk, else 0. */
  readonly exitCode: 0 | 2;
  readonly counts: ClassCounts & { readonly outputs: number };
  readonly stacks: readonly StackSummary[];
  readonly changes: readonly ResourceChange[];
  readonly outputs: readonly OutputChange[];
  readonly settings: readonly SettingChange[];
  /** Regions that serve traffic outside DNS failover (added in schemaVersion 1). */
  readonly uncovered: readonly UncoveredEndpoint[];
  /** The monthly cost change per environment, from the outputs' plans (added in schemaVersion 1). */
  readonly cost: readonly CostChange[];
}

/** The most serious class of a report. */
export function verdictOf(report: DiffReport): DiffVerdict {
  const { dataRisk, disruptive, safe } = report.counts;
  if (dataRisk > 0) return 'data-risk';
  if (disruptive > 0) return 'disruptive';
  if (safe > 0 || report.outputs.length > 0) return 'safe';
  return 'none';
}

/** The exit code for a report: 2 when anything is DATA RISK, else 0. */
export function exitCodeOf(report: DiffReport): 0 | 2 {
  return report.counts.dataRisk > 0 ? 2 : 0;
}

export function diffReportJson(report: DiffReport): DiffJson {
  return {
    schemaVersion: DIFF_JSON_SCHEMA_VERSION,
    before: report.before,
    after: report.after,
    verdict: verdictOf(report),
    exitCode: exitCodeOf(report),
    counts: { ...report.counts, outputs: report.outputs.length },
    stacks: report.stacks,
    changes: report.changes,
    outputs: report.outputs,
    settings: report.settings,
    uncovered: report.uncovered,
    cost: report.cost,
  };
}
