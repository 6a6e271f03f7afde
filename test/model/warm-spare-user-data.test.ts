/**
 * The shipped user data's warm-spare gate, run for real in bash against fakes of IMDS (curl), the AWS CLI and
 * systemctl: an instance launched into a warm pool sets up, enables its service without starting it and completes
 * the launch hook; the service's ExecStartPre waits for InService, refreshes the configuration, then completes the
 * hook once; an instance that is InService at once starts its service at once and calls no Auto Scaling API.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCRIPTS = [
  ['itsm-standard', 'itsm-server.service'],
  ['itsm-multinational', 'itsm-server.service'],
  ['zammad', 'zammad.service'],
] as const;

/** The body of the heredoc `cat > <path> <<'<tag>'` in `text`. */
function heredoc(text: string, path: string, tag: string): string {
  const start = text.indexOf(`cat > ${path} <<'${tag}'\n`);
  if (start < 0) throw new Error(`no heredoc ${tag} for ${path}`);
  const from = text.indexOf('\n', start) + 1;
  return text.slice(from, text.indexOf(`\n${tag}\n`, from) + 1);
}

/** The user data's last step: where the instance decides between the warm pool and starting its service. */
function startStep(text: string): string {
  const start = text.indexOf('. /usr/local/libexec/itsm/lifecycle\nif [[');
  if (start < 0) throw new Error('no start step');
  return text.slice(start, text.indexOf('\nfi\n', start) + 4);
}

interface Run {
  readonly calls: string[];
  readonly marker: boolean;
  readonly status: number | null;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'itsm-scale-warm-spare-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs `script` (bash) with the gate's paths moved into the scratch directory; IMDS answers the target lifecycle
 * states in turn (the last one from then on). Returns every fake command called, in order.
 */
function run(userData: string, script: string, states: readonly string[], marker = false): Run {
  const libexec = join(dir, 'libexec');
  const state = join(dir, 'state');
  const bin = join(dir, 'bin');
  for (const d of [libexec, state, bin]) mkdirSync(d, { recursive: true });
  const local = (text: string) => text.replaceAll('/usr/local/libexec/itsm', libexec).replaceAll('/var/lib/itsm', state);
  writeFileSync(join(libexec, 'lifecycle'), local(heredoc(userData, '/usr/local/libexec/itsm/lifecycle', 'LIFECYCLE')));
  writeFileSync(join(libexec, 'ready'), local(heredoc(userData, '/usr/local/libexec/itsm/ready', 'READY')));
  writeFileSync(join(dir, 'states'), states.join('\n') + '\n');
  const log = join(dir, 'calls');
  const fake = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  // IMDS: the URL is whichever argument is one; `-w '\n%{http_code}'` asks for the status after the body. A state
  // `404` answers that the item does not exist; `down` that IMDS does not answer at all.
  fake(
    'curl',
    [
      'for a in "$@"; do case "$a" in http://*) url="$a" ;; esac; done',
      'code() { case " $* " in *%{http_code}*) printf "\\n%s" "$1" ;; esac; }',
      'case "$url" in',
      '  */api/token) echo token ;;',
      // Each read of the target lifecycle state takes the next one; the last stays.
      `  */autoscaling/target-lifecycle-state) s=$(head -n1 ${dir}/states); n=$(wc -l < ${dir}/states); [ "$n" -gt 1 ] && sed -i 1d ${dir}/states;`,
      '    case "$s" in down) exit 7 ;; 404) printf "not found"; code 404 "$@"; exit 0 ;; *) printf "%s" "$s"; code 200 "$@"; echo ;; esac ;;',
      '  */placement/region) echo eu-central-1 ;;',
      '  */instance-id) echo i-0123 ;;',
      '  */tags/instance/aws:autoscaling:groupName) echo prod-eu-central-1-incident-sla-timer ;;',
      '  *) exit 22 ;;',
      'esac',
    ].join('\n'),
  );
  fake('aws', `echo "aws $*" >> ${log}`);
  fake('systemctl', `echo "systemctl $*" >> ${log}`);
  fake('sleep', `echo "sleep $*" >> ${log}`);
  writeFileSync(join(libexec, 'refresh-config'), `#!/bin/bash\necho refresh-config >> ${log}\n`);
  chmodSync(join(libexec, 'refresh-config'), 0o755);
  chmodSync(join(libexec, 'ready'), 0o755);
  if (marker) writeFileSync(join(state, 'warm-pool'), '');
  // stdin from /dev/null: Debian's bash sources /etc/bash.bashrc when stdin is a socket (Node's default pipes are).
  const result = spawnSync('bash', ['-c', `set -euo pipefail\n${local(script)}`], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    calls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter((l) => !l.startsWith('sleep')) : [],
    marker: existsSync(join(state, 'warm-pool')),
    status: result.status,
  };
}

const COMPLETE = 'aws autoscaling complete-lifecycle-action --region eu-central-1 --lifecycle-hook-name launch-ready --auto-scaling-group-name prod-eu-central-1-incident-sla-timer --instance-id i-0123 --lifecycle-action-result CONTINUE';

describe.each(SCRIPTS)('%s.sh: a warm spare never starts its work before it is in service', (name, unit) => {
  const userData = readFileSync(join(ROOT, 'blueprints', 'user-data', `${name}.sh`), 'utf8');

  test('launched into the warm pool: enable without starting, mark, complete the hook (Auto Scaling then stops it)', () => {
    const result = run(userData, startStep(userData), ['Warmed:Stopped']);
    expect(result).toEqual({ calls: [`systemctl enable ${unit}`, COMPLETE], marker: true, status: 0 });
  });

  test('IMDS not answering is never taken for InService: the instance keeps waiting (it would start in the pool)', () => {
    const result = run(userData, startStep(userData), ['down', 'down', 'down', 'Warmed:Stopped']);
    expect(result).toEqual({ calls: [`systemctl enable ${unit}`, COMPLETE], marker: true, status: 0 });
  });

  test('an instance Auto Scaling does not manage (IMDS has no such item, two minutes long) starts at once', () => {
    const result = run(userData, startStep(userData), ['404']);
    expect(result).toEqual({ calls: [`systemctl enable --now ${unit}`], marker: false, status: 0 });
  });

  test('in service at once (a scaled fleet, a relaunch): start now, no Auto Scaling call', () => {
    const result = run(userData, startStep(userData), ['InService']);
    expect(result).toEqual({ calls: [`systemctl enable --now ${unit}`], marker: false, status: 0 });
  });

  test("the service's ExecStartPre on a spare's boot: waits for InService, refreshes, then completes the hook once", () => {
    // GIVEN a spare (marked in the pool) still reported Warmed:Stopped twice before Auto Scaling puts it in service
    const result = run(userData, join(dir, 'libexec', 'ready'), ['Warmed:Stopped', 'Warmed:Stopped', 'InService'], true);
    // THEN nothing ran before InService; the configuration is refreshed before the hook lets it in service
    expect(result).toEqual({ calls: ['refresh-config', COMPLETE], marker: false, status: 0 });
    // AND a later restart of the service has no hook to complete
    expect(run(userData, join(dir, 'libexec', 'ready'), ['InService']).calls).toEqual(['refresh-config', COMPLETE, 'refresh-config']);
  });
});
