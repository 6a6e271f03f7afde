/**
 * The cdktf app (`npx cdktf synth`): every environment under environments/ → its stacks, checked
 * against the policy pack. The same in-process synthesis as `npx itsm-scale synth`: into a
 * temporary directory first, moved into place only when everything succeeded.
 *
 * cdktf.json runs it compiled, through bin/cdktf-app.js (which rebuilds dist/ when the sources
 * changed and applies the synthesis patches first). The project is the current directory: cdktf
 * runs the app where cdktf.json is.
 */
import { reportFailure } from './cli/failure';
import { loadPlannableProject } from './cli/project';
import { synthesize } from './cli/synthesize';

try {
  const { findings } = synthesize(loadPlannableProject({ root: process.cwd() }), { outDir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });
  if (findings.length > 0) {
    const { allAccepted, formatFindings } = require('./policies') as typeof import('./policies');
    // Accepted (suppressed) findings are information: one line (`itsm-scale check` lists them). A warning needs attention.
    if (allAccepted(findings)) {
      process.stdout.write(`policy: ${findings.length} finding${findings.length === 1 ? '' : 's'} accepted by the environments' policy.suppressions (npx itsm-scale check lists them with the reasons)\n`);
    } else {
      process.stderr.write(`${formatFindings(findings)}\n`);
    }
  }
} catch (error) {
  process.exitCode = reportFailure(error);
}
