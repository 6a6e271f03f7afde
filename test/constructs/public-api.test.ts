/**
 * The construct library as a package: package.json points at the compiled index, the index exports
 * the constructs, their props and the public functions only, every type a public member uses can be
 * named by a caller, and docs/api.md (generated) lists exactly what the index exports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as library from '../../constructs';
import { API_FILE, apiMarkdown, publicApi, unexportedTypesInPublicApi } from '../../scripts/generate-api-md';

const REPO = join(__dirname, '..', '..');

describe('construct library', () => {
  test('package.json main, types and exports point at the compiled constructs/index (tsc outDir dist, rootDir .)', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { main: string; types: string; exports: Record<string, unknown> };
    expect(pkg.main).toBe('dist/constructs/index.js');
    expect(pkg.types).toBe('dist/constructs/index.d.ts');
    expect(pkg.exports['.']).toEqual({ types: './dist/constructs/index.d.ts', default: './dist/constructs/index.js' });
  });

  test('docs/api.md is what scripts/generate-api-md.ts generates (run `npx tsx scripts/generate-api-md.ts` after changing the index)', () => {
    expect(readFileSync(join(REPO, API_FILE), 'utf8')).toBe(apiMarkdown());
  });

  test('the index exports no internals', () => {
    const names = publicApi().map((entry) => entry.name);
    for (const internal of ['chunk', 'fnv1a32', 'byCodeUnit', 'byCodeUnitIgnoringCase', 'carveSubnets', 'webAclRules', 'dashboardBody', 'ValidationProblems', 'pinLogicalId']) {
      expect(names).not.toContain(internal);
    }
    // AND every construct of the library is there, each with its props
    const classes = publicApi().filter((entry) => entry.kind === 'class').map((entry) => entry.name);
    expect(classes).toEqual(expect.arrayContaining(['AttachmentStore', 'BackupVault', 'DnsFailover', 'LoadBalancer', 'Monitoring', 'Network', 'ServiceFleet', 'ShardedDatabase']));
    for (const name of classes) expect(names).toContain(`${name}Props`);
  });

  test('every type that a public construct, prop or field uses is exported too', () => {
    expect(unexportedTypesInPublicApi()).toEqual([]);
  });

  test('at run time the index has exactly the listed values', () => {
    const values = publicApi()
      .filter((entry) => entry.kind === 'class' || entry.kind === 'function' || entry.kind === 'const' || entry.kind === 'enum')
      .map((entry) => entry.name)
      .sort();
    expect(Object.keys(library).sort()).toEqual(values);
  });
});
