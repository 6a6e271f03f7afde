/**
 * Writes docs/api.md, the public API of the construct library: every name that constructs/index.ts
 * (the package's `exports` entry) exports, with its kind and the first sentence of its doc comment.
 *
 * Run `npx tsx scripts/generate-api-md.ts` after changing constructs/index.ts or a public doc
 * comment; test/constructs/public-api.test.ts fails while the committed file differs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export const API_FILE = join('docs', 'api.md');
const REPO = join(__dirname, '..');
const INDEX = join(REPO, 'constructs', 'index.ts');

export interface ApiEntry {
  readonly name: string;
  readonly kind: 'class' | 'interface' | 'type' | 'function' | 'const' | 'enum';
  /** The module that declares it, relative to the repository root. */
  readonly module: string;
  readonly summary: string;
}

interface Index {
  readonly checker: ts.TypeChecker;
  readonly exports: readonly ts.Symbol[];
}

let cached: Index | undefined;

/** constructs/index.ts, type-checked once per process. */
function index(): Index {
  if (cached) return cached;
  const program = ts.createProgram([INDEX], { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(INDEX);
  if (!source) throw new Error(`generate-api-md: cannot read ${INDEX}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error('generate-api-md: constructs/index.ts is not a module');
  cached = { checker, exports: checker.getExportsOfModule(moduleSymbol) };
  return cached;
}

const resolved = (checker: ts.TypeChecker, symbol: ts.Symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);

/** The exports of constructs/index.ts, sorted by kind then name. */
export function publicApi(): ApiEntry[] {
  const { checker, exports } = index();
  const entries = exports.map((exported): ApiEntry => {
    const symbol = resolved(checker, exported);
    const declaration = symbol.declarations?.[0];
    if (!declaration) throw new Error(`generate-api-md: ${exported.name} has no declaration`);
    return {
      name: exported.name,
      kind: kindOf(declaration),
      module: declaration.getSourceFile().fileName.slice(REPO.length + 1).replace(/\.ts$/, ''),
      summary: firstSentence(ts.displayPartsToString(symbol.getDocumentationComment(checker))),
    };
  });
  const order = ['class', 'function', 'const', 'enum', 'interface', 'type'];
  return entries.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Named types of this repository that the public classes and interfaces use in their members
 * (props, constructor parameters, public fields) but the index does not export, as
 * `Type (used by Owner.member)`: a caller could not name them.
 */
export function unexportedTypesInPublicApi(): string[] {
  const { checker, exports } = index();
  const exported = new Set(exports.map((symbol) => resolved(checker, symbol)));
  const missing = new Set<string>();
  const seen = new Set<ts.Type>();
  const visit = (type: ts.Type, usedBy: string): void => {
    if (seen.has(type)) return;
    seen.add(type);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const declaration = symbol?.declarations?.[0];
    const ours = declaration !== undefined && !declaration.getSourceFile().fileName.includes('/node_modules/');
    const named = symbol !== undefined && (ts.isInterfaceDeclaration(declaration!) || ts.isTypeAliasDeclaration(declaration!) || ts.isClassDeclaration(declaration!));
    if (ours && named && !exported.has(symbol!)) missing.add(`${symbol!.name} (used by ${usedBy})`);
    if (type.isUnionOrIntersection()) for (const part of type.types) visit(part, usedBy);
    for (const argument of type.aliasTypeArguments ?? []) visit(argument, usedBy);
    if (type.flags & ts.TypeFlags.Object) {
      for (const argument of checker.getTypeArguments(type as ts.TypeReference) ?? []) visit(argument, usedBy);
      if (ours && named) membersOf(type, symbol!.name);
    }
  };
  const membersOf = (type: ts.Type, owner: string): void => {
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (!declaration || declaration.getSourceFile().fileName.includes('/node_modules/')) continue;
      const modifiers = ts.canHaveModifiers(declaration) ? (ts.getModifiers(declaration) ?? []) : [];
      if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
      visit(checker.getTypeOfSymbolAtLocation(property, declaration), `${owner}.${property.name}`);
    }
  };
  for (const symbol of exports.map((s) => resolved(checker, s))) {
    const declaration = symbol.declarations?.[0];
    if (!declaration) continue;
    if (ts.isClassDeclaration(declaration)) {
      const constructorType = checker.getTypeOfSymbolAtLocation(symbol, declaration);
      for (const signature of constructorType.getConstructSignatures()) {
        for (const parameter of signature.getParameters()) visit(checker.getTypeOfSymbolAtLocation(parameter, declaration), `new ${symbol.name}(${parameter.name})`);
      }
      membersOf(checker.getDeclaredTypeOfSymbol(symbol), symbol.name);
    } else if (ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration)) {
      visit(checker.getDeclaredTypeOfSymbol(symbol), symbol.name);
    }
  }
  return [...missing].sort();
}

function kindOf(declaration: ts.Declaration): ApiEntry['kind'] {
  if (ts.isClassDeclaration(declaration)) return 'class';
  if (ts.isInterfaceDeclaration(declaration)) return 'interface';
  if (ts.isTypeAliasDeclaration(declaration)) return 'type';
  if (ts.isFunctionDeclaration(declaration)) return 'function';
  if (ts.isEnumDeclaration(declaration)) return 'enum';
  if (ts.isVariableDeclaration(declaration)) return 'const';
  throw new Error(`generate-api-md: unexpected ${ts.SyntaxKind[declaration.kind]} export`);
}

/** The first sentence of a doc comment (one that introduces a list ends at its colon). */
function firstSentence(text: string): string {
  const flat = text
    .replace(/\{@link\s+([^}\s]+)\s*\}/g, '`$1`')
    .replace(/\s+/g, ' ')
    .trim().replace(/\b(e\.g|i\.e)\./g, '$1\uE000');
  const sentence = (/^(.*?[.!?])(?=\s+[A-Z`(]|$)/.exec(flat)?.[1] ?? flat).replace(/\uE000/g, '.');
  const colon = /^(.*?):(\s|$)/.exec(sentence);
  return (colon ? `${colon[1]}.` : sentence).replace(/\|/g, '\\|');
}

/** The whole of docs/api.md. Deterministic. */
export function apiMarkdown(entries: readonly ApiEntry[] = publicApi()): string {
  const heading: Record<ApiEntry['kind'], string> = {
    class: 'Constructs and classes',
    function: 'Functions',
    const: 'Constants',
    enum: 'Enums',
    interface: 'Props and other interfaces',
    type: 'Types',
  };
  const out = [
    '# Public API of the construct library',
    '',
    '<!-- Generated by scripts/generate-api-md.ts from constructs/index.ts. Do not edit: run `npx tsx scripts/generate-api-md.ts`. -->',
    '',
    "The package's entry point (`exports` in package.json: `dist/constructs/index.js` and its `.d.ts`) is",
    '`constructs/index.ts`; these are all the names it exports. Everything else under `constructs/` is internal.',
    '',
    `${entries.length} names.`,
  ];
  for (const kind of Object.keys(heading) as ApiEntry['kind'][]) {
    const ofKind = entries.filter((entry) => entry.kind === kind);
    if (ofKind.length === 0) continue;
    out.push('', `## ${heading[kind]}`, '', '| Name | Module | Summary |', '| --- | --- | --- |');
    for (const entry of ofKind) out.push(`| \`${entry.name}\` | \`${entry.module}\` | ${entry.summary} |`);
  }
  return `${out.join('\n')}\n`;
}

if (require.main === module) {
  writeFileSync(join(REPO, API_FILE), apiMarkdown());
  process.stdout.write(`wrote ${API_FILE}\n`);
}
