/**
 * cli/runtime/transpile-memo.ts under the real runner: our TypeScript is transpiled by tsx once
 * per content, a changed file is transpiled again, and a memo that is off or unwritable changes
 * nothing but speed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TRANSPILE_MEMO_ENV } from '../../cli/runtime/transpile-memo';

const REPO = resolve(__dirname, '..', '..');

describe('transpile memo', () => {
  let root: string;
  let memo: string;

  beforeEach(() => {
    // GIVEN a module and an entry that records which of its TypeScript files reach tsx's own loader
    root = mkdtempSync(join(tmpdir(), 'itsm-transpile-memo-'));
    memo = join(root, 'memo');
    writeFileSync(join(root, 'answer.ts'), "export const answer: string = 'first';\n");
    writeFileSync(
      join(root, 'entry.ts'),
      [
        "import Module from 'node:module';",
        'const extensions = (Module as unknown as { _extensions: Record<string, (m: unknown, f: string) => unknown> })._extensions;',
        'const seen: string[] = [];',
        "const tsx = extensions['.ts']!;",
        `extensions['.ts'] = (m, f) => { if (f.startsWith(${JSON.stringify(root)})) seen.push(f.split(/[\\\\/]/).pop()!); return tsx(m, f); };`,
        `require(${JSON.stringify(join(REPO, 'cli', 'lean-runtime.ts'))});`,
        "const { answer } = require('./answer') as { answer: string };",
        'console.log(JSON.stringify({ answer, throughTsx: seen }));',
      ].join('\n'),
    );
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function run(memoSetting: string = memo): { answer: string; throughTsx: string[] } {
    const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(root, 'entry.ts')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, [TRANSPILE_MEMO_ENV]: memoSetting },
    });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as { answer: string; throughTsx: string[] };
  }

  test('a file is transpiled by tsx once, then compiled from the memo', () => {
    // WHEN run twice
    const first = run();
    const second = run();
    // THEN
    expect(first).toEqual({ answer: 'first', throughTsx: ['answer.ts'] });
    expect(second).toEqual({ answer: 'first', throughTsx: [] });
    expect(readdirSync(memo)).toEqual([expect.stringMatching(/^transpiled-[0-9a-f]{16}\.json$/)]);
  });

  test('a changed file (even of the same length) is transpiled again, and the memo keeps only its latest version', () => {
    // GIVEN a remembered file
    run();
    // WHEN it changes, keeping its length
    writeFileSync(join(root, 'answer.ts'), "export const answer: string = 'again';\n");
    const changed = run();
    // THEN the new content runs
    expect(changed).toEqual({ answer: 'again', throughTsx: ['answer.ts'] });
    const [file] = readdirSync(memo);
    const entries = JSON.parse(readFileSync(join(memo, file!), 'utf8')) as Record<string, { code: string }>;
    expect(Object.keys(entries)).toEqual([join(root, 'answer.ts')]);
    expect(entries[join(root, 'answer.ts')]!.code).toContain('again');
  });

  test('files that no longer exist leave the memo', () => {
    // GIVEN a remembered file that is then deleted, and another file loaded instead
    run();
    rmSync(join(root, 'answer.ts'));
    writeFileSync(join(root, 'answer.ts'), "export const answer: string = 'third';\n");
    mkdirSync(join(root, 'moved'));
    // WHEN the entry changes to load a new file
    writeFileSync(join(root, 'moved', 'answer.ts'), "export const answer: string = 'moved';\n");
    writeFileSync(join(root, 'entry.ts'), readFileSync(join(root, 'entry.ts'), 'utf8').replace("'./answer'", "'./moved/answer'"));
    rmSync(join(root, 'answer.ts'));
    expect(run().answer).toBe('moved');
    // THEN
    const [file] = readdirSync(memo);
    expect(Object.keys(JSON.parse(readFileSync(join(memo, file!), 'utf8')) as object)).toEqual([join(root, 'moved', 'answer.ts')]);
  });

  test('off: every run goes through tsx and nothing is written', () => {
    expect([run('off'), run('off')]).toEqual([
      { answer: 'first', throughTsx: ['answer.ts'] },
      { answer: 'first', throughTsx: ['answer.ts'] },
    ]);
    expect(existsSync(memo)).toBe(false);
  });

  test('a memo that cannot be written only costs speed', () => {
    // GIVEN a memo "directory" that is a file (unwritable even for root)
    writeFileSync(memo, 'not a directory');
    // WHEN / THEN
    expect([run(), run()]).toEqual([
      { answer: 'first', throughTsx: ['answer.ts'] },
      { answer: 'first', throughTsx: ['answer.ts'] },
    ]);
  });
});
