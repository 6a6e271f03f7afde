/**
 * The bench's floor imports exactly the provider classes the app imports, so that the ratio
 * `npm run bench` prints is against "a one-resource cdktf app using the same deep imports".
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const PROVIDER_IMPORT = /from '(@cdktf\/provider-aws\/lib\/[a-z0-9-]+)'/g;

function providerImportsUnder(dir: string, found = new Set<string>()): Set<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) providerImportsUnder(path, found);
    else if (entry.endsWith('.ts')) for (const match of readFileSync(path, 'utf8').matchAll(PROVIDER_IMPORT)) found.add(match[1]!);
  }
  return found;
}

test("the floor imports the app's provider classes, no more and no fewer, and then the one-resource app", () => {
  // GIVEN what the app imports
  const app = new Set([...providerImportsUnder(join(REPO, 'constructs')), ...providerImportsUnder(join(REPO, 'stacks'))]);
  // WHEN reading the floor's imports
  const floor = readFileSync(join(REPO, 'scripts', 'bench', 'floor.js'), 'utf8');
  const imported = [...floor.matchAll(/^require\('([^']+)'\);$/gm)].map((m) => m[1]!);
  // THEN
  expect(app.size).toBeGreaterThan(50);
  expect(imported.filter((m) => m.startsWith('@cdktf/')).sort()).toEqual([...app].sort());
  expect(imported[imported.length - 1]).toBe('./minimal-floor');
});
