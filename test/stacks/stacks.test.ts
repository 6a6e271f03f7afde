import { coreStacks, repoProject, resourcesOf, synthStacks, withBlueprint } from './helpers';

const all = coreStacks();

describe('stacks of the default environments', () => {
  test('one stack per region plus a global stack per environment', () => {
    expect(Object.keys(all).sort()).toEqual([
      'dev-global',
      'dev-us-east-1',
      'prod-global',
      'prod-us-east-1',
      'prod-us-west-2',
      'staging-global',
      'staging-us-east-1',
      'staging-us-west-2',
    ]);
  });

  test.each(Object.keys(all))('%s: S3 backend in its own region with lock files, a distinct key, and a fully qualified provider', (name) => {
    const terraform = all[name]!.terraform as {
      backend: { s3: Record<string, unknown> };
      required_providers: { aws: { source: string; version: string } };
      required_version: string;
    };
    const env = name.split('-')[0]!;
    // The global stack keeps its state in the first secondary region, so DNS stays changeable when the primary is lost.
    const region = name.endsWith('-global') ? (env === 'dev' ? 'us-east-1' : 'us-west-2') : name.slice(env.length + 1);
    expect(terraform.backend.s3).toMatchObject({ region, encrypt: true, use_lockfile: true, key: `itsm-scale/${env}/${name}.tfstate` });
    expect(String(terraform.backend.s3.bucket)).toMatch(new RegExp(`^itsm-scale-tfstate-\\d{12}-${region}$`));
    expect(terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: '~> 6.25' });
    expect(terraform.required_version).toBe('>= 1.11');
  });

  test('state keys are distinct across all stacks', () => {
    const keys = Object.values(all).map((json) => (json.terraform as { backend: { s3: { key: string } } }).backend.s3.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test.each(Object.keys(all))('%s: provider pinned to the account with the tagging policy as default tags', (name) => {
    const [provider] = all[name]!.provider!.aws as Array<{ allowed_account_ids: string[]; default_tags: Array<{ tags: Record<string, string> }> }>;
    expect(provider!.allowed_account_ids).toHaveLength(1);
    expect(Object.keys(provider!.default_tags[0]!.tags).sort()).toEqual(['blueprint', 'cost-center', 'data-classification', 'environment', 'owner', 'scenario']);
    expect(provider!.default_tags[0]!.tags.environment).toBe(name.split('-')[0]);
  });

  test('no stack refers to another stack (no remote state, no cross-stack outputs)', () => {
    for (const [name, json] of Object.entries(all)) {
      const text = JSON.stringify(json);
      expect({ name, remoteState: text.includes('terraform_remote_state') }).toEqual({ name, remoteState: false });
      for (const other of Object.keys(all).filter((o) => o !== name)) {
        expect({ name, mentions: other, found: text.includes(`/${other}.tfstate`) }).toEqual({ name, mentions: other, found: false });
      }
    }
  });

  test('every stack is self-contained: each Terraform reference points at a resource, data source or variable of the same stack', () => {
    let checked = 0;
    for (const [name, json] of Object.entries(all)) {
      const declared = new Set<string>([
        ...Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)),
        ...Object.entries((json as { data?: Record<string, Record<string, unknown>> }).data ?? {}).flatMap(([type, byName]) =>
          Object.keys(byName).map((n) => `data.${type}.${n}`),
        ),
      ]);
      const text = JSON.stringify({ resource: json.resource, data: (json as { data?: unknown }).data, output: json.output });
      const references = [...text.matchAll(/\$\{(data\.[a-z0-9_]+\.[a-zA-Z0-9_-]+|aws_[a-z0-9_]+\.[a-zA-Z0-9_-]+)/g)].map((m) => m[1]!);
      checked += references.length;
      const dangling = [...new Set(references.filter((reference) => !declared.has(reference)))];
      expect({ name, dangling }).toEqual({ name, dangling: [] });
    }
    expect(checked).toBeGreaterThan(1000);
  });

  test('every resource address is readable: no hash suffix from nested construct paths', () => {
    for (const json of Object.values(all)) {
      for (const [address] of resourcesOf(json)) expect(address).not.toMatch(/_[0-9A-F]{8}$/);
    }
  });
});

describe('service tier in the serving region', () => {
  const prod = all['prod-us-east-1']!;
  const modules = Object.keys(repoProject().blueprints.get('itsm-standard')!.value.modules);

  test.each(modules)('%s has a target group, an API listener rule, one autoscaling group serving it, and alarms', (module) => {
    const resources = prod.resource!;
    expect(resources.aws_lb_target_group?.[`alb_${module}`]).toBeDefined();
    expect(resources.aws_lb_listener_rule?.[`alb_${module}_api`]).toBeDefined();
    // Its own group, or the shared one (capacity.sharedFleet): exactly one group registers with its target group.
    const serving = Object.entries(resources.aws_autoscaling_group ?? {}).filter(([, group]) =>
      ((group as { target_group_arns?: string[] }).target_group_arns ?? []).includes(`\${aws_lb_target_group.alb_${module}.arn}`),
    );
    expect(serving).toHaveLength(1);
    const [address, group] = serving[0]!;
    expect(group).toMatchObject({ health_check_type: 'ELB', lifecycle: { ignore_changes: ['desired_capacity'] } });
    expect(Object.keys(resources.aws_autoscaling_policy ?? {})).toContain(`${address}_cpu`);
    // Its target group's alarms page through its own composite; its group's CPU through the composite of the fleet
    // that runs it (its own: the module's; the shared fleet: the fleet's, once for all its modules).
    const alarms = Object.keys(resources.aws_cloudwatch_metric_alarm ?? {});
    for (const alarm of ['5xx', 'latency', 'unhealthy_hosts']) expect(alarms).toContain(`monitoring_${module}_${alarm}`);
    const fleet = address.replace(/^fleet_/, '');
    expect(alarms).toContain(`monitoring_${fleet}_cpu`);
    expect(alarms.includes(`monitoring_${module}_cpu`)).toBe(fleet === module);
    expect(resources.aws_cloudwatch_composite_alarm?.[`monitoring_${module}`]).toMatchObject({ alarm_actions: [expect.any(String)] });
    expect(String(resources.aws_cloudwatch_composite_alarm?.[`monitoring_${fleet}`]?.alarm_rule)).toContain(`monitoring_${fleet}_cpu.alarm_name`);
  });

  test('modules below one instance\'s load share one fleet; a busier module keeps its own, scaled on its requests', () => {
    // GIVEN prod at ten times the blueprint's load (50 requests per action) under the aggressive scenario
    const heavier = withBlueprint(repoProject(), 'itsm-standard', (blueprint) => {
      blueprint.workload.concurrency.requestsPerAction = 50;
      return blueprint;
    });
    const resources = synthStacks(heavier, ['prod'], 'aggressive')['prod-us-east-1']!.resource!;
    const groups = resources.aws_autoscaling_group as Record<string, { target_group_arns?: string[]; min_size: number }>;
    const policies = Object.keys(resources.aws_autoscaling_policy ?? {});
    const servedBy = (address: string) => (groups[address]?.target_group_arns ?? []).map((arn) => /alb_([a-z-]+)\.arn/.exec(arn)![1]);
    // THEN incident (~11.4 requests/s at the 36-month horizon, above m7i.xlarge's 12 × 0.8) has its own group, scaled on CPU and on its requests
    expect(servedBy('fleet_incident')).toEqual(['incident']);
    expect(policies).toEqual(expect.arrayContaining(['fleet_incident_cpu', 'fleet_incident_requests']));
    // and the modules below 9.6 requests/s share one group registered with each of their target groups, scaled on
    // CPU and on the sum of their requests per target (metric math over the groups), at least two instances in production
    const shared = servedBy('fleet_shared');
    expect(shared.length).toBeGreaterThan(1);
    expect(shared).not.toContain('incident');
    for (const module of shared) expect(groups[`fleet_${module}`]).toBeUndefined();
    expect(policies).toEqual(expect.arrayContaining(['fleet_shared_cpu', 'fleet_shared_requests']));
    const tracking = (resources.aws_autoscaling_policy as Record<string, { target_tracking_configuration: { customized_metric_specification: { metrics: { id: string; expression?: string; metric_stat?: { metric: { dimensions: { name: string; value: string }[] } } }[] } } }>)
      .fleet_shared_requests!.target_tracking_configuration.customized_metric_specification.metrics;
    const tracked = tracking.filter((m) => m.metric_stat).map((m) => m.metric_stat!.metric.dimensions.find((d) => d.name === 'TargetGroup')!.value);
    expect(tracked.map((tg) => /alb_([a-z-]+)\.arn_suffix/.exec(tg)![1])).toEqual(shared);
    expect(tracking.find((m) => m.id === 'requests')!.expression).toBe(shared.map((_, i) => `tg${i}`).join(' + '));
    expect(groups.fleet_shared!.min_size).toBeGreaterThanOrEqual(2);
    // and its instance role reads each member's configuration and secret, and nothing of the others
    const policy = JSON.stringify((resources.aws_iam_role_policy as Record<string, { policy: string }>).fleet_shared!.policy);
    for (const module of modules) {
      const expected = shared.includes(module);
      expect(policy.includes(`config/${module}"`) || policy.includes(`config/${module}/*`)).toBe(expected);
      expect(policy.includes(`/${module}/database-`)).toBe(expected);
    }
  });

  test('singleton parts have alarms in the primary only: the standby region holds no lease on purpose', () => {
    // GIVEN the prod primary (us-east-1) and its standby (us-west-2), which also hosts the application and monitoring
    const standby = all['prod-us-west-2']!.resource!;
    const primaryAlarms = Object.keys(prod.resource!.aws_cloudwatch_metric_alarm ?? {});
    const standbyAlarms = Object.keys(standby.aws_cloudwatch_metric_alarm ?? {});
    // THEN the primary watches incident-sla-timer's lease, inside incident's paging composite
    expect(primaryAlarms).toContain('monitoring_incident_sla_timer_lease');
    expect(prod.resource!.aws_cloudwatch_composite_alarm?.monitoring_incident?.alarm_rule).toContain(
      '${aws_cloudwatch_metric_alarm.monitoring_incident_sla_timer_lease.alarm_name}',
    );
    // and the standby runs the part on its shared fleet (no group of its own) with the module alarms, but no lease alarm
    expect(standby.aws_autoscaling_group?.fleet_incident_sla_timer).toBeUndefined();
    expect(standbyAlarms).toContain('monitoring_shared_cpu');
    expect(standbyAlarms.filter((id) => id.endsWith('_lease') || id.endsWith('_in_service'))).toEqual([]);
  });

  test('the primary copies backups to the standby region vault and replicates attachments to its bucket, by derived names', () => {
    const text = JSON.stringify(prod);
    expect(text).toContain('arn:aws:backup:us-west-2:333333333333:backup-vault:prod-us-west-2-vault');
    expect(text).toContain('arn:aws:s3:::prod-us-west-2-attachments-333333333333');
  });
});

describe('changing one module traffic share changes only that module', () => {
  test('incident busier: only incident fleet resources differ', () => {
    // GIVEN the prod synth under a load ten times the blueprint's (50 requests per action: incident has its
    // own fleet, the other modules share one), and the same with incident's traffic share tripled (the planner
    // takes it as is)
    const heavier = () =>
      withBlueprint(repoProject(), 'itsm-standard', (blueprint) => {
        blueprint.workload.concurrency.requestsPerAction = 50;
        return blueprint;
      });
    const busier = withBlueprint(heavier(), 'itsm-standard', (blueprint) => {
      blueprint.modules.incident!.trafficShare *= 3;
      return blueprint;
    });
    const before = synthStacks(heavier(), ['prod'], 'aggressive')['prod-us-east-1']!;
    const after = synthStacks(busier, ['prod'], 'aggressive')['prod-us-east-1']!;
    // WHEN compared resource by resource
    const beforeMap = new Map(resourcesOf(before).map(([a, b]) => [a, JSON.stringify(b)]));
    const changed = resourcesOf(after)
      .filter(([address, body]) => beforeMap.get(address) !== JSON.stringify(body))
      .map(([address]) => address);
    // THEN something changed, and all of it belongs to the incident fleet or its database group's sizing
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.filter((address) => !address.includes('fleet_incident') && !address.includes('tickets'))).toEqual([]);
    // AND incident grows tall before wide (maxInstancesPerFleet 4): a larger instance type in its launch template
    expect(changed).toEqual(expect.arrayContaining(['aws_launch_template.fleet_incident']));
    const typeOf = (json: typeof before) => String((json.resource!.aws_launch_template!.fleet_incident as { instance_type: string }).instance_type);
    expect([typeOf(before), typeOf(after)]).toEqual(['m7i.xlarge', 'm7i.2xlarge']);
  });
});
