/**
 * The `itsm-scale` command line: thin by design. It parses arguments, calls the loader, the
 * planner, the reports and the synthesizer, and turns every failure into a message and exit code 1.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { costPlan } from '../capacity/cost';
import { planCapacity } from '../capacity/plan';
import { withResidency } from '../capacity/residency-plan';
import { CapacityPlan } from '../capacity/types';
import { BLUEPRINTS_DIR, ENVIRONMENTS_DIR, Project, resolveEnvironment } from '../model/load';
import { reportFailure, UsageError } from './failure';
import { loadPlannableProject } from './project';

/** Where the command line writes and which directory relative paths start from. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Directory that relative paths (`--root`, `--out`, FILE arguments) are resolved against. */
  readonly cwd: string;
}

/** What the entry point adds to a run of the command line. */
export interface CliOptions {
  /**
   * Called once before the first module that synthesizes is loaded (synth, validate, diff): the
   * launcher applies its synthesis patches here, so that `plan` and `--help` never load cdktf.
   * @default - nothing
   */
  readonly beforeSynthesis?: () => void;
}

/** Largest planning horizon the planner accepts, in months. */
export const MAX_HORIZON_MONTHS = 120;

const PLAN_FORMATS = ['md', 'json'] as const;
type PlanFormat = (typeof PLAN_FORMATS)[number];

interface GlobalOptions {
  readonly root?: string;
}

/**
 * Runs the command line `argv` (without `node` and the script: `process.argv.slice(2)`).
 * Never throws and never exits the process; returns the exit code (0 success, 1 failure).
 */
export async function main(argv: readonly string[], io: CliIo = defaultIo(), options: CliOptions = {}): Promise<number> {
  const program = buildProgram(io, options);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    // commander has already printed its own message (or the help) through io.
    if (error instanceof CommanderError) return error.exitCode;
    return reportFailure(error, (text) => io.stderr.write(text));
  }
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}

function buildProgram(io: CliIo, cliOptions: CliOptions): Command {
  const loaders = lazyLoaders(cliOptions);
  const program = new Command('itsm-scale');
  // Settings made before .command() are inherited by every subcommand.
  program
    .description('Growth-scenario blueprints → capacity plans → Terraform (CDK for Terraform) for an ITSM platform on AWS.')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .option('--root <dir>', 'project root: the directory holding blueprints/ and environments/ (default: the current directory)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  itsm-scale validate',
        '  itsm-scale plan --env prod',
        '  itsm-scale plan --env prod --scenario all --format json',
        '  itsm-scale synth --env prod --out cdktf.out',
      ].join('\n'),
    );

  program
    .command('validate')
    .description('check blueprints and environments; print every problem as FILE:LINE:COL: field.path: message')
    .argument('[files...]', 'files to check, relative to the current directory (default: every file of blueprints/ and environments/)')
    .action((files: string[], _options: object, command: Command) => {
      const root = projectRoot(io, command);
      const given = files.map((file) => relative(root, resolve(io.cwd, file)));
      const project = loadPlannableProject({ root, ...(given.length > 0 ? { files: given } : {}) });
      // The planner, the constructs and the policy pack have the last word: validate runs them as synth would.
      loaders.validator().validateBySynthesis(project);
      validated(io, project);
    });

  program
    .command('plan')
    .description("print the capacity plan of an environment (Markdown or JSON); writes no files")
    .requiredOption('--env <name>', 'environment to plan (a file in environments/)')
    .option('--scenario <name>', 'growth scenario of the blueprint, or "all" (default: the environment\'s scenario)')
    .option('--horizon <months>', `planning horizon in months, 1 to ${MAX_HORIZON_MONTHS} (default: the environment's horizonMonths)`, parseHorizon)
    .addOption(new Option('--format <format>', 'output format').choices(PLAN_FORMATS).default('md'))
    .action((options: { env: string; scenario?: string; horizon?: number; format: PlanFormat }, command: Command) => {
      const project = loadPlannableProject({ root: projectRoot(io, command) });
      const resolved = resolveEnvironment(project, knownEnvironment(project, options.env));
      const scenarios = Object.keys(resolved.blueprint.scenarios);
      const chosen = options.scenario ?? resolved.environment.scenario;
      if (chosen !== 'all' && !scenarios.includes(chosen)) {
        throw new UsageError(`unknown scenario "${chosen}" for --scenario (blueprint "${resolved.blueprint.name}" has: ${scenarios.join(', ')}; or "all")`);
      }
      const plans: CapacityPlan[] = (chosen === 'all' ? scenarios : [chosen]).map((scenario) => {
        const input = { ...resolved, scenario, ...(options.horizon !== undefined ? { horizonMonths: options.horizon } : {}) };
        return withResidency(input, planCapacity(input));
      });
      const costs = plans.map((plan) => costPlan({ plan, blueprint: resolved.blueprint, environment: resolved.environment }));
      const text = options.format === 'json' ? JSON.stringify(reports().planReportJson(plans, costs), null, 2) : reports().renderPlanMarkdown(plans, { costs });
      io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    });

  program
    .command('synth')
    .description('synthesize Terraform JSON (cdktf.out layout) in-process; the output directory is replaced only on success')
    .addOption(new Option('--env <name>', 'environment to synthesize; repeat for several').argParser(collect).default([], 'every environment'))
    .option('--scenario <name>', "growth scenario to plan instead of each environment's own")
    .option('--out <dir>', 'output directory (default: cdktf.out in the project root)')
    .action((options: { env: string[]; scenario?: string; out?: string }, command: Command) => {
      const root = projectRoot(io, command);
      const project = loadPlannableProject({ root });
      const environments = options.env.length > 0 ? unique(options.env.map((name) => knownEnvironment(project, name))) : undefined;
      if (options.scenario !== undefined) checkScenarioEverywhere(project, environments, options.scenario);
      const outDir = options.out !== undefined ? resolve(io.cwd, options.out) : resolve(root, 'cdktf.out');
      const result = loaders.synthesizer().synthesize(project, {
        outDir,
        ...(environments ? { environments } : {}),
        ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
      });
      const shown = shownPath(io.cwd, result.outDir);
      const lines = result.stacks.map((stack) => `  ${shown}/stacks/${stack}/cdk.tf.json`);
      io.stdout.write(`${lines.join('\n')}\nwrote ${result.stacks.length} stack${result.stacks.length === 1 ? '' : 's'} and ${shown}/manifest.json\n`);
      if (result.dropped.length > 0) {
        io.stderr.write(
          `note: ${shown} no longer holds ${result.dropped.length === 1 ? 'the stack' : 'the stacks'} ${result.dropped.join(', ')} of the previous output${environments ? ', which this synth --env leaves out' : ''} (synthesize without --env to keep every environment, or give each selection its own --out)\n`,
        );
      }
      for (const path of result.unremoved) io.stderr.write(`warning: could not remove ${path}, left by an earlier synth (remove it by hand)\n`);
      if (result.findings.length > 0) {
        const { allAccepted, formatFindings } = require('../policies') as typeof import('../policies');
        // Accepted (suppressed) findings are information; a warning needs attention and goes to stderr.
        (allAccepted(result.findings) ? io.stdout : io.stderr).write(`${formatFindings(result.findings)}\n`);
      }
    });

  // --- diff (review/diff/): compare two synth outputs, data risks first; exit 2 on data risk ---
  program
    .command('diff')
    .description('compare two synth outputs (or the working tree with --base REF) and classify each change: data risk, disruptive, safe; exits 2 when a change would destroy or replace a stateful resource')
    .argument('[before]', 'synth output directory (cdktf.out layout) of the base')
    .argument('[after]', 'synth output directory of the change')
    .option('--base <ref>', 'git ref to compare the working tree with: its blueprints/ and environments/ are synthesized in a temporary git worktree')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .addHelpText('after', '\nExamples:\n  itsm-scale diff base.out cdktf.out\n  itsm-scale diff --base origin/main --format json\n\nExit codes: 0 no data risk, 2 data risk, 1 error. Rules: docs/diff.md')
    .action((before: string | undefined, after: string | undefined, options: { base?: string; format: 'md' | 'json' }, command: Command) => {
      const code = loaders.differ().runDiffCommand({ before, after, ...options, cwd: io.cwd, projectRoot: () => projectRoot(io, command) }, io);
      // A CommanderError makes main() return this code without printing anything more.
      if (code !== 0) throw new CommanderError(code, 'itsm-scale.diff.dataRisk', 'a change would destroy or replace a stateful resource');
    });

  // --- check (policies/): the policy pack over a synth output; exit 1 on unsuppressed errors ---
  program
    .command('check')
    .description('list the policy findings of a synth output (errors, warnings, and suppressed findings with their reasons); exits 1 on an unsuppressed error')
    .argument('[dir]', 'synth output directory (cdktf.out layout)', 'cdktf.out')
    .addHelpText('after', '\nExamples:\n  itsm-scale check\n  itsm-scale check base.out\n\nRules: RULES.md. Suppressions: policy.suppressions in the environment YAML, each with a reason.')
    .action((dir: string) => {
      const { runCheck } = require('./check') as typeof import('./check');
      const code = runCheck(resolve(io.cwd, dir), io);
      if (code !== 0) throw new CommanderError(code, 'itsm-scale.check.policyErrors', 'policy errors');
    });

  return program;
}

/**
 * Synthesis, validation-by-synthesis and diff code, loaded on first use so that `plan` and
 * `--help` do not pay for cdktf and the provider bindings; `beforeSynthesis` runs once, before
 * any of them loads.
 */
function lazyLoaders(options: CliOptions): {
  synthesizer(): typeof import('./synthesize');
  validator(): typeof import('./validate');
  differ(): typeof import('./diff');
} {
  let prepared = false;
  const prepare = (): void => {
    if (prepared) return;
    prepared = true;
    options.beforeSynthesis?.();
  };
  return {
    synthesizer: () => {
      prepare();
      return require('./synthesize') as typeof import('./synthesize');
    },
    validator: () => {
      prepare();
      return require('./validate') as typeof import('./validate');
    },
    differ: () => {
      prepare();
      return require('./diff') as typeof import('./diff');
    },
  };
}

function reports(): typeof import('../report/plan-json') & typeof import('../report/plan-markdown') {
  return { ...(require('../report/plan-json') as typeof import('../report/plan-json')), ...(require('../report/plan-markdown') as typeof import('../report/plan-markdown')) };
}

/** The project root from `--root` (or the current directory); it must hold blueprints/ or environments/. */
function projectRoot(io: CliIo, command: Command): string {
  const { root: given } = command.optsWithGlobals<GlobalOptions>();
  const root = resolve(io.cwd, given ?? '.');
  if (!existsSync(resolve(root, BLUEPRINTS_DIR)) && !existsSync(resolve(root, ENVIRONMENTS_DIR))) {
    throw new UsageError(
      `${shownPath(io.cwd, root)} is not an itsm-scale project: it has no ${BLUEPRINTS_DIR}/ and no ${ENVIRONMENTS_DIR}/ (run from the project root or pass --root DIR)`,
    );
  }
  return root;
}

function knownEnvironment(project: Project, name: string): string {
  if (project.environments.has(name)) return name;
  const known = [...project.environments.keys()].sort();
  throw new UsageError(`unknown environment "${name}" for --env (known: ${known.join(', ') || 'none'})`);
}

function checkScenarioEverywhere(project: Project, environments: readonly string[] | undefined, scenario: string): void {
  for (const name of environments ?? [...project.environments.keys()].sort()) {
    const { blueprint } = resolveEnvironment(project, name);
    if (!(scenario in blueprint.scenarios)) {
      const known = Object.keys(blueprint.scenarios).join(', ');
      throw new UsageError(`unknown scenario "${scenario}" for --scenario (environment "${name}" uses blueprint "${blueprint.name}", which has: ${known})`);
    }
  }
}

function validated(io: CliIo, project: Project): void {
  const files = [...project.blueprints.values(), ...project.environments.values()]
    .map((loaded) => shownPath(io.cwd, resolve(loaded.file)))
    .sort();
  for (const file of files) io.stdout.write(`ok  ${file}\n`);
  const b = project.blueprints.size;
  const e = project.environments.size;
  io.stdout.write(
    `${files.length} file${files.length === 1 ? '' : 's'} valid: ${b} blueprint${b === 1 ? '' : 's'}, ${e} environment${e === 1 ? '' : 's'}.\n`,
  );
}

function parseHorizon(value: string): number {
  const months = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(months) || months < 1 || months > MAX_HORIZON_MONTHS) {
    throw new InvalidArgumentError(`The horizon must be a whole number of months from 1 to ${MAX_HORIZON_MONTHS}.`);
  }
  return months;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** `path` relative to `cwd` when it lies inside it, else absolute; always with forward slashes. */
function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  const inside = rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  return (inside ? rel || '.' : path).split(sep).join('/');
}
