/**
 * Every package.json script can run: each command it starts is node or a binary that `npm ci`
 * installs into node_modules/.bin (npm run puts only that folder on PATH, not this package's own
 * `bin`; `"validate": "itsm-scale validate"` once failed with "itsm-scale: not found").
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The program each `&&`/`||`/`;`-separated command of a script starts, after `NAME=value` assignments. */
function programsOf(script: string): string[] {
  return script
    .split(/&&|\|\||;/)
    .map((command) => command.trim().split(/\s+/).find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) ?? '')
    .filter((program) => program !== '');
}

describe('package.json scripts', () => {
  test.each(Object.entries(scripts))('"%s" starts only programs that exist', (_name, script) => {
    for (const program of programsOf(script)) {
      const known = program === 'node' || program === 'npm' || existsSync(join(REPO, 'node_modules', '.bin', program));
      expect({ program, known }).toEqual({ program, known: true });
    }
  });

  test('npm run validate validates the repository', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['run', '--silent', 'validate'], { cwd: REPO, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^\d+ files valid: \d+ blueprints?, \d+ environments?\.$/m);
    expect(result.status).toBe(0);
  });
});
