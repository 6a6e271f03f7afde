/**
 * The layer map (docs/architecture.md) is enforced by dependency-cruiser with .dependency-cruiser.cjs,
 * which `npm test` runs over the repository (`npm run lint`). This test runs the same config once over
 * a tiny tree in a temporary directory that has imports down the map (which pass) and one of each kind
 * of violation, and shows that each fails with a message that says what to do.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const CRUISER = join(REPO, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

const TREE: Record<string, string> = {
  // Down the map: cli → stacks → capacity → model → foundation, and stacks → constructs → foundation.
  'foundation/ids.ts': 'export const ID = 1;\n',
  'model/schema.ts': "import { ID } from '../foundation/ids';\nexport const SCHEMA = ID;\n",
  'capacity/plan.ts': "import { SCHEMA } from '../model/schema';\nexport const PLAN = SCHEMA;\n",
  'constructs/thing.ts': "import { ID } from '../foundation/ids';\nexport const THING = ID;\n",
  'stacks/stack.ts': "import { PLAN } from '../capacity/plan';\nimport { THING } from '../constructs/thing';\nexport const STACK = PLAN + THING;\n",
  'cli/main.ts': "import { STACK } from '../stacks/stack';\nexport const MAIN = STACK;\n",
  // Wrong way: the model importing a construct helper (what model/schema/common.ts once did).
  'constructs/core/time-zone.ts': 'export const isKnownTimeZone = (name: string) => name.length > 0;\n',
  'model/common.ts': "import { isKnownTimeZone } from '../constructs/core/time-zone';\nexport const ok = isKnownTimeZone('UTC');\n",
  // Wrong way by type only: a construct taking a type from the capacity plan (what slot-map.ts once did).
  'capacity/types.ts': 'export interface SlotRange { readonly shard: number }\n',
  'constructs/slot-map.ts': "import type { SlotRange } from '../capacity/types';\nexport const first = (r: SlotRange) => r.shard;\n",
  // A cycle inside one layer.
  'report/a.ts': "import { B } from './b';\nexport const A = () => B;\n",
  'report/b.ts': "import { A } from './a';\nexport const B = () => A;\n",
  // A folder that is not on the map.
  'pricing/cost.ts': "import { ID } from '../foundation/ids';\nexport const COST = ID;\n",
};

let result: { status: number | null; output: string };

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'itsm-scale-layers-'));
  try {
    for (const [path, text] of Object.entries(TREE)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = spawnSync(process.execPath, [CRUISER, '.', '--config', join(REPO, '.dependency-cruiser.cjs'), '--no-cache', '--output-type', 'err-long'], {
      cwd: dir,
      encoding: 'utf8',
    });
    // err-long wraps the rule's comment; one line per sentence is easier to match.
    result = { status: run.status, output: `${run.stdout}${run.stderr}`.replace(/\s+/g, ' ') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('layer map (.dependency-cruiser.cjs) on a scratch tree', () => {
  test('fails, with exactly the four violations planted, and none for the imports down the map', () => {
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('x 4 dependency violations (4 errors, 0 warnings)');
    for (const clean of ['model/schema.ts →', 'capacity/plan.ts →', 'stacks/stack.ts →', 'cli/main.ts →', 'constructs/thing.ts →']) {
      expect(result.output).not.toContain(clean);
    }
  });

  test('a wrong-way import names the rule, both files and the way out', () => {
    expect(result.output).toContain('error layer-model: model/common.ts → constructs/core/time-zone.ts');
    expect(result.output).toContain('model/ (the YAML model (zod schemas, loader)) may import only foundation; move the shared code down a layer (see docs/architecture.md)');
  });

  test('a type-only import counts as much as a value import', () => {
    expect(result.output).toContain('error layer-constructs: constructs/slot-map.ts → capacity/types.ts');
  });

  test('a cycle fails, even inside one layer', () => {
    expect(result.output).toMatch(/error no-circular: report\/(a|b)\.ts → /);
  });

  test('a folder that is not on the map fails until it gets a row', () => {
    expect(result.output).toContain('error folder-not-on-the-layer-map: pricing/cost.ts → foundation/ids.ts');
    expect(result.output).toContain('add it to LAYERS in .dependency-cruiser.cjs and to docs/architecture.md');
  });
});
