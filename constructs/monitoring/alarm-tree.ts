/**
 * Which composite alarms {@link Monitoring} builds and what each one covers, as plain data, so that CloudWatch's
 * limits are checked before anything is created and the paging semantics can be tested on their own.
 *
 * The tree, bottom up:
 * - metric alarms (silent);
 * - per database group, one silent composite per range of {@link SHARDS_PER_RANGE} shard numbers
 *   (`<group>-shards-001-032`), keyed by the range, so a shard always rolls up through the same composite;
 * - one composite per group (`<group>-databases`) over its ranges: silent when a module claims the group, paging
 *   on its own when none does;
 * - one composite per module (pages) over the module's alarms, its singletons' alarms, the group composites of the
 *   groups it uses and the alarms of the ungrouped databases it uses;
 * - one composite per unclaimed ungrouped database (pages);
 * - one composite per fleet that serves several modules (pages) over the fleet's own alarms (its CPU), which
 *   its modules' composites then leave out: one busy shared fleet pages once, not once per module.
 * A group therefore costs a module composite one child, however many shards it has.
 */
import { physicalName } from '../../foundation/naming';
import { byCodeUnit } from '../core/order';
import { MAX_ALARMS_PER_COMPOSITE } from './alarm-rule';

/** Shard numbers per range composite: 32 shards × 3 database alarms = 96 children, under CloudWatch's 100. */
export const SHARDS_PER_RANGE = 32;

/** PutCompositeAlarm accepts an `AlarmRule` of at most this many characters. */
export const MAX_ALARM_RULE_LENGTH = 10_240;

/** Range composites one group composite can hold, and so the most shards per group: 100 × 32 = 3,200. */
export const MAX_SHARDS_PER_GROUP = MAX_ALARMS_PER_COMPOSITE * SHARDS_PER_RANGE;

/** What kind of composite a planned composite is. */
export type CompositeRole = 'shard-range' | 'group' | 'database' | 'module' | 'fleet';

/** One composite alarm of the tree. */
export interface PlannedComposite {
  readonly role: CompositeRole;
  /** Name parts after the construct's name prefix, e.g. `['tickets', 'shards', '001', '032']`; they key the address. */
  readonly parts: readonly string[];
  /** `physicalName(name, ...parts)`. */
  readonly alarmName: string;
  /** Alarm names of the children, in rule order. */
  readonly children: readonly string[];
  /** Whether it notifies the topic (pages) or only feeds other composites. */
  readonly notify: boolean;
  /** The module, group or database key it is about. */
  readonly subject: string;
}

/** One watched database, as the tree needs it. */
export interface TreeDatabase {
  readonly key: string;
  /** Its group and shard number, or `undefined` for an ungrouped database. */
  readonly group?: { readonly name: string; readonly shard: number };
  /** Modules whose composite covers it (sorted, unique). */
  readonly modules: readonly string[];
}

/** What the tree is planned from. Names of metric alarms follow `physicalName(name, key, kind)`. */
export interface AlarmTreeInput {
  readonly name: string;
  /** Module names, sorted. */
  readonly modules: readonly string[];
  /** The metric alarm kinds of a module, a singleton and a database, in rule order. */
  readonly moduleAlarms: readonly string[];
  readonly singletonAlarms: readonly string[];
  readonly databaseAlarms: readonly string[];
  /** Singleton key → module, sorted by key. */
  readonly singletons: ReadonlyArray<readonly [string, string]>;
  /** Sorted by key. */
  readonly databases: readonly TreeDatabase[];
  /**
   * Autoscaling groups that serve several modules (a shared fleet), fleet key → its modules, sorted by key: their
   * `fleetAlarms` page once through a composite of the fleet's own, and leave their modules' composites.
   * @default - none
   */
  readonly fleets?: ReadonlyArray<readonly [string, readonly string[]]>;
  /** The metric alarm kinds of a fleet, taken out of its modules' `moduleAlarms`. @default - none */
  readonly fleetAlarms?: readonly string[];
  /** Singleton parts under a lease, key → module, sorted by key: their `leaseAlarms` join the module's composite. @default - none */
  readonly leases?: ReadonlyArray<readonly [string, string]>;
  /** The metric alarm kinds of a part under a lease. @default - none */
  readonly leaseAlarms?: readonly string[];
  /** Singleton groups with a warm spare, key → module, sorted by key: their `spareAlarms` join the module's composite. @default - none */
  readonly spares?: ReadonlyArray<readonly [string, string]>;
  /** The metric alarm kinds of a warm spare. @default - none */
  readonly spareAlarms?: readonly string[];
}

/** The composites, children before parents: ranges, groups, unclaimed databases, modules, then shared fleets. */
export function planAlarmTree(input: AlarmTreeInput): PlannedComposite[] {
  const { name } = input;
  const alarmsOf = (key: string, kinds: readonly string[]) => kinds.map((kind) => physicalName(name, key, kind));
  const planned: PlannedComposite[] = [];

  // Group → its databases by shard number; the group's modules are those of its shards (validated equal).
  const groups = new Map<string, TreeDatabase[]>();
  for (const database of input.databases) {
    if (database.group === undefined) continue;
    const members = groups.get(database.group.name) ?? [];
    members.push(database);
    groups.set(database.group.name, members);
  }
  const groupNames = [...groups.keys()].sort(byCodeUnit);
  const groupComposite = new Map<string, string>();
  for (const group of groupNames) {
    const members = groups.get(group)!.sort((a, b) => a.group!.shard - b.group!.shard);
    const ranges = new Map<number, TreeDatabase[]>();
    for (const member of members) {
      const range = Math.floor((member.group!.shard - 1) / SHARDS_PER_RANGE);
      ranges.set(range, [...(ranges.get(range) ?? []), member]);
    }
    const rangeNames: string[] = [];
    for (const [range, shards] of [...ranges.entries()].sort(([a], [b]) => a - b)) {
      const parts = [group, 'shards', pad(range * SHARDS_PER_RANGE + 1), pad((range + 1) * SHARDS_PER_RANGE)];
      const alarmName = physicalName(name, ...parts);
      rangeNames.push(alarmName);
      planned.push({
        role: 'shard-range',
        parts,
        alarmName,
        children: shards.flatMap((shard) => alarmsOf(shard.key, input.databaseAlarms)),
        notify: false,
        subject: group,
      });
    }
    const parts = [group, 'databases'];
    const alarmName = physicalName(name, ...parts);
    groupComposite.set(group, alarmName);
    planned.push({ role: 'group', parts, alarmName, children: rangeNames, notify: (members[0]?.modules.length ?? 0) === 0, subject: group });
  }

  for (const database of input.databases) {
    if (database.group !== undefined || database.modules.length > 0) continue;
    planned.push({
      role: 'database',
      parts: [database.key],
      alarmName: physicalName(name, database.key),
      children: alarmsOf(database.key, input.databaseAlarms),
      notify: true,
      subject: database.key,
    });
  }

  const fleetAlarms = input.fleetAlarms ?? [];
  const onFleet = new Set((input.fleets ?? []).flatMap(([, modules]) => modules));
  for (const module of input.modules) {
    const moduleAlarms = onFleet.has(module) ? input.moduleAlarms.filter((kind) => !fleetAlarms.includes(kind)) : input.moduleAlarms;
    const usedGroups = groupNames.filter((group) => groups.get(group)![0]!.modules.includes(module));
    const ungrouped = input.databases.filter((database) => database.group === undefined && database.modules.includes(module));
    planned.push({
      role: 'module',
      parts: [module],
      alarmName: physicalName(name, module),
      children: [
        ...alarmsOf(module, moduleAlarms),
        ...input.singletons.filter(([, owner]) => owner === module).flatMap(([singleton]) => alarmsOf(singleton, input.singletonAlarms)),
        ...(input.leases ?? []).filter(([, owner]) => owner === module).flatMap(([part]) => alarmsOf(part, input.leaseAlarms ?? [])),
        ...(input.spares ?? []).filter(([, owner]) => owner === module).flatMap(([key]) => alarmsOf(key, input.spareAlarms ?? [])),
        ...usedGroups.map((group) => groupComposite.get(group)!),
        ...ungrouped.flatMap((database) => alarmsOf(database.key, input.databaseAlarms)),
      ],
      notify: true,
      subject: module,
    });
  }
  for (const [fleet] of input.fleets ?? []) {
    planned.push({ role: 'fleet', parts: [fleet], alarmName: physicalName(name, fleet), children: alarmsOf(fleet, fleetAlarms), notify: true, subject: fleet });
  }
  return planned;
}

/** `ALARM("a") OR ALARM("b") …` length for literal names, as CloudWatch counts it. */
export function alarmRuleLength(children: readonly string[]): number {
  return children.reduce((sum, child) => sum + `ALARM("${child}")`.length, 0) + Math.max(0, children.length - 1) * ' OR '.length;
}

/** Composites that break CloudWatch's limits (children per rule, rule length), one message each. */
export function alarmTreeProblems(composites: readonly PlannedComposite[]): string[] {
  const problems: string[] = [];
  for (const composite of composites) {
    const count = composite.children.length;
    const fix =
      composite.role === 'module'
        ? 'put the databases it uses in groups (databases[].group), or map fewer ungrouped databases or singletons to it'
        : composite.role === 'group'
          ? `a group holds at most ${MAX_SHARDS_PER_GROUP} shards`
          : 'shorten the name prefix or the database keys';
    if (count > MAX_ALARMS_PER_COMPOSITE) {
      problems.push(`composite alarm "${composite.alarmName}" would have ${count} underlying alarms; CloudWatch allows ${MAX_ALARMS_PER_COMPOSITE}: ${fix}`);
    }
    const length = alarmRuleLength(composite.children);
    if (length > MAX_ALARM_RULE_LENGTH) {
      problems.push(`composite alarm "${composite.alarmName}" would have an alarm rule of ${length} characters; CloudWatch allows ${MAX_ALARM_RULE_LENGTH}: shorten the name prefix or the keys`);
    }
  }
  return problems;
}

function pad(shard: number): string {
  return String(shard).padStart(3, '0');
}
