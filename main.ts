/**
 * The cdktf app (`npx cdktf synth`): every environment under environments/ → its stacks.
 * `npx itsm-scale synth` does the same in-process, atomically, with options.
 */
import './cli/lean-runtime';
import { App } from 'cdktf';
import { reportFailure } from './cli/failure';
import { loadProject } from './model/load';
import { buildStacks } from './stacks/build';

try {
  const app = new App();
  buildStacks(app, loadProject({ root: __dirname }));
  app.synth();
} catch (error) {
  process.exitCode = reportFailure(error);
}
