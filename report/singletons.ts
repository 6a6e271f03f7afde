import { CapacityPlan, SingletonReplacementPlan } from '../capacity/types';
import { formatMinutes } from './format';
import { singletonRecovery } from './runbook/singletons';
import { table } from './table';

/**
 * The "Singletons" section of the plan report: each singleton's replacement path, the time until it serves
 * again against the RTO, and how to recover one (what happens by itself, what an operator checks). The
 * singletons follow the blueprint, the tier and the RTO, not the growth: one section for every scenario.
 * Undefined when the blueprint has no singleton, so other reports keep their bytes.
 */
export function renderSingletonsMarkdown(plans: readonly CapacityPlan[]): string | undefined {
  const plan = plans[0];
  if (plan === undefined || plan.singletons.length === 0) return undefined;
  const leased = plan.singletons.some((s) => s.placement === 'lease');
  const rows = plan.singletons.map((s) => [
    `\`${s.fleet}\``,
    s.kind === 'module' ? 'module' : 'part',
    ...(leased ? [s.placement === 'lease' ? `lease on \`${s.servingFleet}\` (${s.leaseSeconds} s)` : 'own group'] : []),
    pathText(s.path),
    `${s.healthCheck}, ${seconds(s.detectionSeconds)}`,
    seconds(s.startSeconds),
    s.registrationSeconds > 0 ? seconds(s.registrationSeconds) : '—',
    `**${minutes(s.totalSeconds)}**`,
    s.path === 'warm-spare' ? minutes(s.coldFallbackSeconds) : '—',
    s.withinRto ? `yes (${formatMinutes(s.rtoMinutes)})` : `**no** (${formatMinutes(s.rtoMinutes)})`,
  ]);
  const summary = table(
    [
      { header: 'Singleton', align: 'l' },
      { header: 'Kind', align: 'l' },
      ...(leased ? [{ header: 'Runs', align: 'l' as const }] : []),
      { header: 'Replacement', align: 'l' },
      { header: 'Detection', align: 'r' },
      { header: 'Start', align: 'r' },
      { header: 'Registration', align: 'r' },
      { header: 'Serves again', align: 'r' },
      { header: 'Cold fallback', align: 'r' },
      { header: 'Within RTO', align: 'c' },
    ],
    rows,
  );
  const evidence = plan.singletons.flatMap((s) => [`- \`${s.fleet}\`:`, ...s.evidence.map((line) => `  - ${line}`)]);
  const same = plans.length > 1 ? 'The same for every scenario (it follows the tier and the RTO, not the growth).\n\n' : '';
  return [
    '### Singletons',
    '',
    ...(plan.singletons.some((s) => s.placement === 'own-group')
      ? [
          `${same}A singleton runs exactly once${plan.residency ? ' per residency zone, in its home region' : ', in the primary region'} (standby regions keep its group at zero until a failover starts it). ` +
            (plan.tier === 'production'
              ? 'In production each keeps a **warm spare** where it runs: a warm pool of one stopped instance that already ran its user data, which the replacement of a failed instance starts from.'
              : 'Outside production a failed singleton is **relaunched**: a cold launch in any AZ of its group.'),
        ]
      : []),
    ...(leased
      ? [
          ...(plan.singletons.some((s) => s.placement === 'own-group') ? [''] : []),
          `${plan.singletons.some((s) => s.placement === 'own-group') ? '' : same}Singleton parts under a **lease** (application.singletonLease) have no group of their own: they run on every instance of the fleet that serves their module, in every region, and only the lease holder works; ` +
            'the lease is a write to the module\'s database, so it is held only where that database accepts writes (the primary). ' +
            'When the holder dies or hangs, its lease expires and another running instance takes it within one renewal interval; on a fleet that may run a single instance, the part comes back with the fleet\'s replacement.',
        ]
      : []),
    '',
    summary,
    '',
    'How each time is made up:',
    '',
    ...evidence,
    '',
    ...singletonRecovery(plan),
  ].join('\n');
}

function pathText(path: SingletonReplacementPlan['path']): string {
  return path === 'warm-spare' ? 'warm spare' : path === 'lease' ? 'lease takeover' : 'relaunch';
}

function seconds(value: number): string {
  return `${value} s`;
}

function minutes(totalSeconds: number): string {
  return formatMinutes(Math.round((totalSeconds / 60) * 10) / 10);
}
