/**
 * `itsm-scale check DIR`: runs the policy pack (policies/) over a synth output directory. Reads DIR/manifest.json,
 * each stack's cdk.tf.json and, when present, the stack's policy-suppressions.json that synth writes next to it
 * from the environment's `policy.suppressions`. Prints every finding (suppressed ones with their reasons) and
 * returns 1 when an error is not suppressed, so CI can gate on it without the YAML files.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatPath } from '../model/problems';
import { PolicySuppressionSchema } from '../model/schema/environment';
import { describeIssue } from '../model/zod-issues';
import { checkStackJson, formatFindings, isBlocking, RULES, SUPPRESSIONS_FILE } from '../policies';
import type { Finding, Suppression } from '../policies';

export interface CheckIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export interface CheckOptions {
  /**
   * Suppressions per stack name, used instead of the stack's policy-suppressions.json.
   * @default - each stack's DIR/stacks/<stack>/policy-suppressions.json, or none when the file is absent
   */
  readonly suppressionsByStack?: Readonly<Record<string, readonly Suppression[]>>;
}

/** The shape of policy-suppressions.json (see policies/README.md). */
const SuppressionsFileSchema = z.strictObject({ suppressions: z.array(PolicySuppressionSchema) });

/** A problem with the directory or its files: reported as one message, exit code 1. */
class CheckInputError extends Error {}

/**
 * Checks the synth output in `dir` (absolute, or relative to the current directory). Never throws for bad input:
 * a missing or invalid directory, manifest, stack or suppressions file is a message on stderr and exit code 1.
 * @returns 1 if any error finding is unsuppressed or the input is unusable, else 0 (warnings never fail).
 */
export function runCheck(dir: string, io: CheckIo, options: CheckOptions = {}): number {
  let findings: Finding[];
  let stacks: string[];
  try {
    const manifest = readManifest(dir);
    stacks = Object.keys(manifest).sort();
    findings = stacks.flatMap((name) => {
      const entry = manifest[name]!;
      const json = readJson(join(dir, entry.synthesizedStackPath), `stack ${name}`);
      const suppressions = options.suppressionsByStack?.[name] ?? readSuppressions(join(dir, entry.workingDirectory, SUPPRESSIONS_FILE));
      return checkStackJson(name, json, suppressions);
    });
  } catch (error) {
    if (!(error instanceof CheckInputError)) throw error;
    io.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
  io.stdout.write(`Checked ${stacks.length} stack${stacks.length === 1 ? '' : 's'} of ${dir} against ${RULES.length} policy rules (RULES.md).\n\n`);
  io.stdout.write(formatFindings(findings));
  const blocking = findings.filter(isBlocking).length;
  if (blocking === 0) return 0;
  io.stderr.write(
    `check failed: ${blocking} unsuppressed error${blocking === 1 ? '' : 's'}. Fix ${blocking === 1 ? 'it, or accept it' : 'them, or accept each'} with a reason in the environment's policy.suppressions and synthesize again.\n`,
  );
  return 1;
}

interface ManifestEntry {
  readonly synthesizedStackPath: string;
  readonly workingDirectory: string;
}

function readManifest(dir: string): Record<string, ManifestEntry> {
  if (!existsSync(dir)) throw new CheckInputError(`${dir} does not exist (give the output directory of itsm-scale synth, e.g. cdktf.out)`);
  if (!statSync(dir).isDirectory()) throw new CheckInputError(`${dir} is not a directory (give the output directory of itsm-scale synth, e.g. cdktf.out)`);
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) throw new CheckInputError(`${dir} has no manifest.json, so it is not a synth output (run: itsm-scale synth --out ${dir})`);
  const manifest = readJson(file, 'the manifest') as { stacks?: unknown };
  if (typeof manifest.stacks !== 'object' || manifest.stacks === null || Object.keys(manifest.stacks).length === 0) {
    throw new CheckInputError(`${file} lists no stacks (expected "stacks": {"<name>": {"synthesizedStackPath": ...}})`);
  }
  const entries: Record<string, ManifestEntry> = {};
  for (const [name, raw] of Object.entries(manifest.stacks as Record<string, unknown>)) {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof ManifestEntry, unknown>>;
    entries[name] = {
      synthesizedStackPath: typeof entry.synthesizedStackPath === 'string' ? entry.synthesizedStackPath : `stacks/${name}/cdk.tf.json`,
      workingDirectory: typeof entry.workingDirectory === 'string' ? entry.workingDirectory : `stacks/${name}`,
    };
  }
  return entries;
}

function readJson(file: string, what: string): object {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read (${(error as Error).message})`;
    throw new CheckInputError(`${file} (${what}) ${reason}; synthesize again`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CheckInputError(`${file} (${what}) is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CheckInputError(`${file} (${what}) is not a JSON object`);
  return parsed;
}

function readSuppressions(file: string): Suppression[] {
  if (!existsSync(file)) return [];
  const result = SuppressionsFileSchema.safeParse(readJson(file, 'policy suppressions'), { reportInput: true });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${formatPath(issue.path) || '(file)'}: ${describeIssue(issue)}`);
    throw new CheckInputError(`${file} is not a valid suppressions file: ${problems.join('; ')}`);
  }
  return result.data.suppressions;
}
