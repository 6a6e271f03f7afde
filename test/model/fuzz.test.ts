/**
 * Property: for any mutation of the default YAML (type swaps, deletions, extreme numbers, long
 * and odd strings, unknown keys, YAML aliases and alias bombs), `validate` and `synth` either
 * succeed or exit 1 with located messages, never print a stack trace or "internal error", never
 * hang, and whatever `validate` accepts, `synth` accepts too. Runs in-process on a project with
 * the default blueprint and the dev environment (one region: the fastest synth). FUZZ_RUNS and
 * FUZZ_SEED let a person run a larger campaign: FUZZ_RUNS=2000 npx jest test/model/fuzz.test.ts
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, Node, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { main } from '../../cli/main';

const REPO = resolve(__dirname, '..', '..');
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 10);
const SEED = process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) : 20261203;
jest.setTimeout(Math.max(120_000, RUNS * 20_000));

const FILES = { blueprint: 'blueprints/itsm-standard.yaml', environment: 'environments/dev.yaml' } as const;
type FileKind = keyof typeof FILES;
const ORIGINAL: Record<FileKind, string> = {
  blueprint: readFileSync(join(REPO, FILES.blueprint), 'utf8'),
  environment: readFileSync(join(REPO, FILES.environment), 'utf8'),
};

/** Every node path of a document (keys and indexes), the root excluded. */
function pathsOf(text: string): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  const walk = (node: unknown, path: Array<string | number>): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const next = [...path, String(pair.key.value)];
        out.push(next);
        walk(pair.value, next);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        out.push([...path, i]);
        walk(item, [...path, i]);
      });
    }
  };
  walk(parseDocument(text).contents, []);
  return out;
}
const PATHS: Record<FileKind, Array<Array<string | number>>> = { blueprint: pathsOf(ORIGINAL.blueprint), environment: pathsOf(ORIGINAL.environment) };

const ODD_STRINGS = ['', ' ', 'a--b', 'aws:owner', '🚀', 'tab\there', 'nul\u0000', 'x'.repeat(33), 'é', '../..', '${x}', '*', '/a%20b', '/a#b', 'us-east-9', 'eu-wset-2', 'cn-north-1', 'm7i.huge', 'db.r9z.large', 'xn--bucket', '999', '/*'];
const EXTREME_NUMBERS = [0, -1, 0.3, 1e308, -1e308, 5e-324, 2 ** 53 + 1, 1e12, 65536, 65537, 100022, Infinity, -Infinity, NaN];

/** One mutation of one file. */
type Mutation =
  | { kind: 'set'; file: FileKind; path: number; value: unknown }
  | { kind: 'delete'; file: FileKind; path: number }
  | { kind: 'unknown-keys'; file: FileKind; path: number; count: number }
  | { kind: 'alias'; file: FileKind; path: number; target: number }
  | { kind: 'unresolved-alias'; file: FileKind; path: number }
  | { kind: 'alias-bomb'; file: FileKind; depth: number };

const value = fc.oneof(
  fc.constantFrom(...EXTREME_NUMBERS),
  fc.constantFrom(...ODD_STRINGS),
  fc.integer({ min: 1, max: 3000 }).map((n) => 'long-'.repeat(Math.ceil(n / 5)).slice(0, n)),
  fc.string({ maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.constantFrom('a', 'b', 'z', 'y', '/x'), { maxLength: 30 }),
);
const file = fc.constantFrom<FileKind>('blueprint', 'environment');
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), file, path: fc.nat(), value }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), file, path: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unknown-keys' as const), file, path: fc.nat(), count: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('alias' as const), file, path: fc.nat(), target: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unresolved-alias' as const), file, path: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('alias-bomb' as const), file, depth: fc.integer({ min: 2, max: 9 }) }) },
);

/** The file's text after the mutations. */
function apply(kind: FileKind, mutations: readonly Mutation[]): string {
  const document = parseDocument(ORIGINAL[kind]);
  let suffix = '';
  for (const m of mutations.filter((x) => x.file === kind)) {
    const paths = PATHS[kind];
    if (m.kind === 'alias-bomb') {
      // A chain of aliases, each listing the previous one nine times (a "billion laughs" document).
      const lines = ['x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
      for (let i = 1; i <= m.depth; i++) lines.push(`x${i}: &x${i} [${Array.from({ length: 9 }, () => `*x${i - 1}`).join(', ')}]`);
      suffix += `\n${lines.join('\n')}\n`;
      continue;
    }
    const path = paths[m.path % paths.length]!;
    try {
      if (m.kind === 'set') document.setIn(path, document.createNode(m.value));
      else if (m.kind === 'delete') document.deleteIn(path);
      else if (m.kind === 'unknown-keys') {
        const node = document.getIn(path, true);
        const map = isMap(node) ? node : (document.contents as YAMLMap);
        for (let i = 0; i < m.count; i++) map.set(`unknownKey${i}`, i);
      } else if (m.kind === 'alias') {
        const target = document.getIn(paths[m.target % paths.length]!, true) as Node | undefined;
        if (target && (isMap(target) || isSeq(target) || isScalar(target))) {
          (target as Scalar | YAMLMap | YAMLSeq).anchor = 'fuzz';
          document.setIn(path, document.createAlias(target as Scalar, 'fuzz'));
        }
      } else if (m.kind === 'unresolved-alias') {
        document.setIn(path, document.createAlias(new Scalar('gone'), 'nowhere'));
      }
    } catch {
      // an earlier mutation replaced a parent of this path: the mutation does not apply
    }
  }
  try {
    return document.toString() + suffix;
  } catch {
    return ORIGINAL[kind] + suffix; // an alias that would precede its anchor cannot be written; keep the rest
  }
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(argv: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd });
  return { code, stdout, stderr };
}

/** Fails the run if a command takes longer than this: a hang, not slowness (the suite's timing is the bench's job). */
const HANG_MS = 90_000;

function guarded(promise: Promise<Run>, what: string): Promise<Run> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Run>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${HANG_MS / 1000} s`)), HANG_MS);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

/** Every line of a failure is a located problem, a count line, or a one-line error; never a stack trace. */
function expectCleanFailure(result: Run, what: string): void {
  expect({ what, code: result.code }).toEqual({ what, code: 1 });
  expect({ what, stack: /^\s+at /m.test(result.stderr), internal: /internal error/.test(result.stderr) }).toEqual({ what, stack: false, internal: false });
  const lines = result.stderr.trim().split('\n');
  const located = /^[^:\n]+\.ya?ml:\d+:\d+: \S.*: .+/;
  const allowed = (line: string): boolean =>
    located.test(line) || /^\d+ problems? found; nothing was written\.$/.test(line) || /^error: .+/.test(line) || /^the previous output, if any, is unchanged\.$/.test(line) || /^nothing was written\.$/.test(line);
  expect({ what, unexpected: lines.filter((line) => !allowed(line)) }).toEqual({ what, unexpected: [] });
}

describe('validate and synth under mutations of the default YAML', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'itsm-scale-fuzz-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test(`${RUNS} mutated projects: success or a clean exit 1, and validate ⇒ synth`, async () => {
    let round = 0;
    const outcomes = { accepted: 0, rejected: 0, byConstruct: 0, byPlanner: 0, byPolicy: 0 };
    const unlocated: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        // GIVEN a project with the mutated blueprint and dev environment
        const root = join(scratch, `p${round++}`);
        mkdirSync(join(root, 'blueprints'), { recursive: true });
        mkdirSync(join(root, 'environments'));
        cpSync(join(REPO, 'blueprints'), join(root, 'blueprints'), { recursive: true });
        writeFileSync(join(root, FILES.blueprint), apply('blueprint', mutations));
        writeFileSync(join(root, FILES.environment), apply('environment', mutations));
        try {
          // WHEN validated and synthesized
          const validated = await guarded(run(['validate'], root), 'validate');
          const synthesized = await guarded(run(['synth', '--out', join(root, 'out')], root), 'synth');
          // THEN each either succeeds or fails cleanly, and what validate accepts synth accepts
          if (validated.code === 0) {
            outcomes.accepted += 1;
            expect({ mutations, synth: synthesized.code, stderr: synthesized.stderr }).toEqual({ mutations, synth: 0, stderr: expect.any(String) });
          } else {
            outcomes.rejected += 1;
            // Rejections only the synthesis dry run found (the model's checks missed them): counted for campaigns.
            const lines = validated.stderr.split('\n');
            if (lines.some((line) => line.includes('(a construct refuses'))) outcomes.byConstruct += 1;
            if (lines.some((line) => line.includes('(the capacity planner refuses'))) outcomes.byPlanner += 1;
            if (lines.some((line) => line.includes(': policy rule '))) outcomes.byPolicy += 1;
            unlocated.push(...lines.filter((line) => line.includes('(a construct refuses')).map((line) => line.replace(/^.*?: \(environment\): /, '').slice(0, 160)));
            expectCleanFailure(validated, 'validate');
            expectCleanFailure(synthesized, 'synth');
          }
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    if (process.env['FUZZ_RUNS'] !== undefined) {
      process.stdout.write(`fuzz: ${RUNS} runs, seed ${SEED}: ${JSON.stringify(outcomes)}\n${[...new Set(unlocated)].sort().join('\n')}\n`);
    }
  });
});
