/**
 * The shipped user data passes the singleton parts it runs under a lease to the server, run for real in bash: the
 * rendered script's variables and its systemd unit heredoc, written to a scratch directory. With parts, the unit's
 * ExecStart names them and the lease; without (a fleet that runs none), it passes neither flag.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderUserData, userDataValues } from '../../model/application';

const TEMPLATE = readFileSync(join(__dirname, '..', '..', 'blueprints', 'user-data', 'itsm-standard.sh'), 'utf8');
const UNIT_PATH = '/etc/systemd/system/itsm-server.service';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'itsm-scale-lease-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the rendered script's variable block and unit heredoc in bash; returns the unit file written. */
function unitOf(script: string): string {
  const variables = script.slice(script.indexOf("FLEET='"), script.indexOf('\ndnf install'));
  const start = script.indexOf(`cat > ${UNIT_PATH} <<UNIT\n`);
  const unit = script.slice(start, script.indexOf('\nUNIT\n', start) + '\nUNIT\n'.length).replace(UNIT_PATH, join(dir, 'itsm-server.service'));
  // stdin from /dev/null: Debian's bash sources /etc/bash.bashrc when stdin is a socket (Node's default pipes are).
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', `${variables}\n${unit}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return readFileSync(join(dir, 'itsm-server.service'), 'utf8');
}

const execStart = (unit: string) => unit.split('\n').find((line) => line.startsWith('ExecStart='));

test('the shared fleet with parts under a lease starts the server with them and the lease length', () => {
  // GIVEN the shared fleet's rendering with two parts under a 30 s lease
  const script = renderUserData(TEMPLATE, userDataValues('prod', 'us-east-1', 'shared', 'server', 8080, ['incident', 'change'], { parts: ['incident-sla-timer', 'change-change-window-scheduler'], leaseSeconds: 30 }));
  // WHEN / THEN
  expect(execStart(unitOf(script))).toBe(
    'ExecStart=/opt/itsm/bin/itsm-server --modules incident,change --role server --port 8080 --singleton-parts incident-sla-timer,change-change-window-scheduler --singleton-lease-seconds 30',
  );
  expect(script).toContain('ITSM_SINGLETON_LEASE_METRIC_NAMESPACE=itsm-scale/${ENVIRONMENT}');
});

test('a fleet without parts under a lease passes neither flag', () => {
  const script = renderUserData(TEMPLATE, userDataValues('prod', 'us-east-1', 'incident', 'server', 8080));
  expect(execStart(unitOf(script))).toBe('ExecStart=/opt/itsm/bin/itsm-server --modules incident --role server --port 8080');
});
