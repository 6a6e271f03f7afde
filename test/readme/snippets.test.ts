/**
 * Every TypeScript snippet of every construct README (constructs/<name>/README.md) compiles under
 * the repository's own compiler options and synthesizes. Each snippet becomes the body of a stack's
 * constructor (in us-east-1, with an AWS provider); its imports go to the top, imports of
 * `../constructs/...` point at this checkout, and the names it uses without declaring them come
 * from test/readme/fixtures.ts (`...required` from REQUIRED of its README). The generated files
 * live in a temporary directory under node_modules/.cache (so packages resolve), removed afterwards.
 * Set KEEP_SNIPPETS=1 to keep that directory for a look.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { FIXTURES } from './fixtures';

const REPO = join(__dirname, '..', '..');
const CONSTRUCTS = join(REPO, 'constructs');

interface Snippet {
  /** `constructs/<name>/README.md:<line>` of the opening fence. */
  readonly where: string;
  readonly folder: string;
  readonly code: string;
}

/** The ```ts blocks of every construct README, in folder order. */
function snippets(): Snippet[] {
  const found: Snippet[] = [];
  for (const folder of readdirSync(CONSTRUCTS).sort()) {
    let text: string;
    try {
      text = readFileSync(join(CONSTRUCTS, folder, 'README.md'), 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
      found.push({ where: `constructs/${folder}/README.md:${start + 1}`, folder, code: body.join('\n') });
    }
  }
  return found;
}

/** The code without comments and string literals, with spreads as plain names: what names it uses. */
function codeOnly(code: string): string {
  return code
    .replace(/\/\/.*$/gm, '')
    .replace(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, "''")
    .replace(/\.\.\./g, ' ');
}

/** `import { A, B } from 'x';` → its names and module. */
function parseImport(line: string): { names: string[]; from: string } | undefined {
  const match = /^import\s*\{([^}]*)\}\s*from\s*'([^']+)';$/.exec(line.trim());
  return match ? { names: match[1]!.split(',').map((name) => name.trim()).filter((name) => name !== ''), from: match[2]! } : undefined;
}

/**
 * The module of one snippet: `synth()` builds its stack and returns the synthesized JSON. A later
 * snippet of a README may use what an earlier one imported, as a reader would.
 */
function moduleFor(snippet: Snippet, earlier: readonly Snippet[]): string {
  const lines = snippet.code.split('\n');
  const body = lines.filter((line) => !line.startsWith('import ')).join('\n');
  const code = codeOnly(body);
  const uses = (name: string) => new RegExp(`(?<![.\\w$])${name}\\b(?!\\s*:(?!:))`).test(code);
  const declares = (name: string) => new RegExp(`\\b(const|let|class|function)\\s+${name}\\b`).test(body);
  const own = lines.filter((line) => line.startsWith('import '));
  const ownNames = new Set(own.flatMap((line) => parseImport(line)?.names ?? []));
  const taken = new Set<string>();
  const inherited = earlier
    .flatMap((before) => before.code.split('\n').filter((line) => line.startsWith('import ')))
    .map(parseImport)
    .filter((parsed): parsed is { names: string[]; from: string } => parsed !== undefined)
    .map(({ names, from }) => ({ names: names.filter((name) => !ownNames.has(name) && uses(name) && !taken.has(name) && taken.add(name) !== undefined), from }))
    .filter(({ names }) => names.length > 0)
    .map(({ names, from }) => `import { ${[...new Set(names)].join(', ')} } from '${from}';`);
  const imports = [...own, ...inherited].map((line) => line.replace(/'\.\.\/constructs(?=[/'])/, `'${CONSTRUCTS}`));
  const imported = new Set([...ownNames, ...inherited.flatMap((line) => parseImport(line)?.names ?? [])]);
  const fixtures = Object.keys(FIXTURES).filter((name) => uses(name) && !declares(name) && !imported.has(name));
  const required = /\.\.\.required\b/.test(body);
  // Absolute paths: the temporary directory may sit behind a linked node_modules.
  const fixturesModule = join(__dirname, 'fixtures');
  return [
    ...imports,
    "import { TerraformStack as SnippetStack, Testing as SnippetTesting } from 'cdktf';",
    "import { AwsProvider as SnippetProvider } from '@cdktf/provider-aws/lib/provider';",
    ...(fixtures.length > 0 || required
      ? [`import { ${[...(fixtures.length > 0 ? ['FIXTURES as SNIPPET_FIXTURES'] : []), ...(required ? ['REQUIRED as SNIPPET_REQUIRED'] : [])].join(', ')} } from '${fixturesModule}';`]
      : []),
    '',
    'class Example extends SnippetStack {',
    '  constructor() {',
    "    super(SnippetTesting.app(), 'example');",
    "    new SnippetProvider(this, 'aws', { region: 'us-east-1' });",
    ...fixtures.map((name) => `    const ${name} = SNIPPET_FIXTURES.${name}(this);`),
    ...(required ? [`    const required = SNIPPET_REQUIRED['${snippet.folder}']();`] : []),
    `    // ${snippet.where}`,
    body,
    '  }',
    '}',
    '',
    'export function synth(): string {',
    '  return SnippetTesting.synth(new Example(), true);',
    '}',
    '',
  ].join('\n');
}


const SNIPPETS = snippets();
let dir: string;
let files: Map<Snippet, string>;
let diagnostics: Map<string, string[]>;

beforeAll(() => {
  // GIVEN each snippet as a module, compiled together under the repository's tsconfig
  mkdirSync(join(REPO, 'node_modules', '.cache'), { recursive: true });
  dir = mkdtempSync(join(REPO, 'node_modules', '.cache', 'readme-snippets-'));
  files = new Map(SNIPPETS.map((snippet, index) => [snippet, join(dir, `snippet-${String(index).padStart(2, '0')}.ts`)]));
  for (const [snippet, file] of files) writeFileSync(file, moduleFor(snippet, SNIPPETS.slice(0, SNIPPETS.indexOf(snippet)).filter((s) => s.folder === snippet.folder)));
  const config = ts.getParsedCommandLineOfConfigFile(join(REPO, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('test setup: cannot read tsconfig.json');
  const options = { ...config.options, incremental: false, tsBuildInfoFile: undefined, noEmit: true };
  const program = ts.createProgram([...files.values()], options);
  diagnostics = new Map();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? '(options)';
    const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
    const text = `${where ? `${where.line + 1}:${where.character + 1}: ` : ''}${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    diagnostics.set(file, [...(diagnostics.get(file) ?? []), text]);
  }
}, 120_000);

afterAll(() => {
  if (dir && !process.env.KEEP_SNIPPETS) rmSync(dir, { recursive: true, force: true });
});

describe('construct README snippets', () => {
  test('there is at least one per construct README', () => {
    const folders = readdirSync(CONSTRUCTS).filter((folder) => {
      try {
        return readFileSync(join(CONSTRUCTS, folder, 'README.md'), 'utf8').length > 0;
      } catch {
        return false;
      }
    });
    expect(new Set(SNIPPETS.map((snippet) => snippet.folder))).toEqual(new Set(folders));
  });

  test.each(SNIPPETS.map((snippet) => [snippet.where, snippet] as const))('%s compiles and synthesizes', (_where, snippet) => {
    const file = files.get(snippet)!;
    // THEN it type-checks
    expect({ snippet: snippet.where, errors: diagnostics.get(file) ?? [] }).toEqual({ snippet: snippet.where, errors: [] });
    // AND its stack synthesizes (validations included)
    // (transpiled here: jest transforms nothing under node_modules/, where the temporary files are)
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    const compiled = file.replace(/\.ts$/, '.js');
    writeFileSync(compiled, outputText);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module written at run time
    const { synth } = require(compiled) as { synth: () => string };
    const json = JSON.parse(synth()) as { resource?: Record<string, unknown> };
    // (a snippet that only calls functions makes no resources)
    if (/\bnew [A-Z]/.test(snippet.code)) expect(Object.keys(json.resource ?? {}).length).toBeGreaterThan(0);
  });
});
