/**
 * A second floor for `npm run bench`: the one-resource app of floor.ts, but loading every
 * provider class the real app imports (found by scanning constructs/ and stacks/), so that the
 * ratio against it isolates what the app does beyond loading its provider bindings.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const modules = new Set<string>();
function scan(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) scan(path);
    else if (entry.endsWith('.ts')) {
      for (const match of readFileSync(path, 'utf8').matchAll(/from '(@cdktf\/provider-aws\/lib\/[a-z0-9-]+)'/g)) modules.add(match[1]!);
    }
  }
}
scan(join(root, 'constructs'));
scan(join(root, 'stacks'));
for (const name of [...modules].sort()) require(name);
require('./floor');
