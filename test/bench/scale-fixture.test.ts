/**
 * The bench's scale case (scripts/bench/fixtures/scale-256) stays what the bench says it is: a
 * project the model accepts, with one database group of 256 shards used by every module, in three
 * regions. (Whether it synthesizes, and how fast, is the bench's job: `npm run bench`.)
 */
import { join } from 'node:path';
import { planCapacity } from '../../capacity/plan';
import { loadProject, resolveEnvironment } from '../../model/load';

const FIXTURE = join(__dirname, '..', '..', 'scripts', 'bench', 'fixtures', 'scale-256');

test('one database group of 256 shards, every module on it, three regions', () => {
  const project = loadProject({ root: FIXTURE });
  const plan = planCapacity(resolveEnvironment(project, 'scale'));
  expect(Object.keys(plan.databases)).toEqual(['tickets']);
  expect(plan.databases.tickets!.shards).toBe(256);
  expect([...plan.databases.tickets!.modules].sort()).toEqual(Object.keys(plan.fleets).sort());
  const regions = project.environments.get('scale')!.value.regions;
  expect([regions.primary.name, ...regions.secondaries.map((r) => r.name)]).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
});
