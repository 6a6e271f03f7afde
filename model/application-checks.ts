/**
 * Checks of the application contract that need more than the schema: the user-data files beside the
 * blueprint (present, only known template variables, within EC2's size limit once rendered) and the
 * image architecture against every instance type a fleet may get. Every problem is located: in the
 * blueprint (FILE:LINE:COL of the field) or in the user-data file (FILE:LINE:COL of the variable).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  architectureInName,
  base64Size,
  fleetName,
  instanceArchitecture,
  partsUnderLease,
  renderUserData,
  resolveApplication,
  SERVER_ROLE,
  templateProblems,
  USER_DATA_LIMIT_BYTES,
  userDataValues,
} from './application';
import { formatPath, Problem } from './problems';
import { SHARED_FLEET } from '../foundation/resource-names';
import { Blueprint, sharableModules } from './schema/blueprint';
import { YamlSource } from './yaml-source';

/** A validated blueprint and where it came from (what the checks need of `Loaded<Blueprint>`). */
export interface BlueprintDocument {
  /** The blueprint file as shown in messages. */
  readonly file: string;
  /** Absolute path of the blueprint file: user-data paths are relative to its folder (unused by the size check). */
  readonly absolutePath: string;
  readonly value: Blueprint;
  readonly source: YamlSource;
}

/**
 * Reads the user-data templates the blueprint names and checks them and the image architectures.
 * Returns the templates that could be read, keyed by the path as written in the blueprint.
 */
export function checkApplicationFiles(doc: BlueprintDocument, display: (absolute: string) => string, problems: Problem[]): Map<string, string> {
  const templates = new Map<string, string>();
  const places = new Map<string, (string | number)[][]>();
  for (const module of Object.keys(doc.value.modules)) {
    const resolved = resolveApplication(doc.value, module);
    const at = [...resolved.userDataSource, 'userData'];
    const list = places.get(resolved.userData) ?? [];
    if (!list.some((p) => formatPath(p) === formatPath(at))) list.push(at);
    places.set(resolved.userData, list);
  }
  for (const [path, where] of places) {
    const absolute = resolve(dirname(doc.absolutePath), path);
    const text = readTemplate(absolute);
    if (typeof text !== 'string') {
      for (const at of where) problems.push(problemAt(doc, at, `${text.reason}: ${display(absolute)} (${text.fix})`));
      continue;
    }
    templates.set(path, text);
    const shown = display(absolute);
    for (const problem of templateProblems(text)) {
      const { line, column } = lineAndColumn(text, problem.offset);
      problems.push({ file: shown, line, column, path: '(user data)', message: problem.message });
    }
  }
  checkArchitectures(doc, problems);
  checkSharedFleetUserData(doc, templates, problems);
  checkSingletonLeaseUserData(doc, templates, problems);
  return templates;
}

/** `{{singletonParts}}` and `{{singletonLeaseSeconds}}`, however they are spaced. */
const LEASE_VARIABLES = [/\{\{\s*singletonParts\s*\}\}/, /\{\{\s*singletonLeaseSeconds\s*\}\}/] as const;

/**
 * A blueprint whose application holds singleton leases runs the parts on their serving fleets: the user data of
 * each such fleet must read `{{singletonParts}}` and `{{singletonLeaseSeconds}}`, or no instance would run them.
 */
function checkSingletonLeaseUserData(doc: BlueprintDocument, templates: ReadonlyMap<string, string>, problems: Problem[]): void {
  if (doc.value.application.singletonLease === undefined) return;
  const files = new Map<string, string[]>();
  for (const [module, spec] of Object.entries(doc.value.modules)) {
    if (spec.singleton || spec.singletons.length === 0) continue;
    const app = resolveApplication(doc.value, module);
    if (app.singletonLease === undefined) continue;
    files.set(app.userData, [...(files.get(app.userData) ?? []), module]);
  }
  for (const [file, modules] of files) {
    const template = templates.get(file);
    if (template === undefined) continue;
    const missing = ['{{singletonParts}}', '{{singletonLeaseSeconds}}'].filter((_, i) => !LEASE_VARIABLES[i]!.test(template));
    if (missing.length === 0) continue;
    problems.push(
      problemAt(
        doc,
        ['application', 'singletonLease'],
        `the singleton parts of ${modules.join(', ')} run under a lease on the fleets that serve them, but user data "${file}" never reads ${missing.join(' or ')}: start each part in {{singletonParts}} under a lease of {{singletonLeaseSeconds}} s (docs/application-contract.md, "Singleton parts under a lease"), or set modules.<module>.application.singletonLease: false, or remove application.singletonLease`,
      ),
    );
  }
}

/** `{{modules}}`, however it is spaced. */
const MODULES_VARIABLE = /\{\{\s*modules\s*\}\}/;

/**
 * The shared fleet runs the blueprint-wide application for several modules: its user data must read
 * `{{modules}}` (the modules it serves), or each instance would start as a module named "shared".
 */
function checkSharedFleetUserData(doc: BlueprintDocument, templates: ReadonlyMap<string, string>, problems: Problem[]): void {
  if (doc.value.capacity.sharedFleet === undefined) return;
  const file = doc.value.application.userData;
  const template = templates.get(file);
  if (template === undefined || MODULES_VARIABLE.test(template)) return;
  problems.push(
    problemAt(
      doc,
      ['capacity', 'sharedFleet'],
      `the shared fleet serves several modules, but user data "${file}" (application.userData) never reads {{modules}}: start the application for each module in {{modules}}, reading each one's configuration under {{configRoot}}/<module> (docs/application-contract.md), or remove capacity.sharedFleet`,
    ),
  );
}

/**
 * Renders every fleet's user data (each module, its singletons, every region of every environment that
 * uses the blueprint) and reports each user-data field whose largest rendering exceeds EC2's limit.
 */
export function checkUserDataSize(
  doc: BlueprintDocument,
  templates: ReadonlyMap<string, string>,
  deployments: readonly { readonly environment: string; readonly regions: readonly string[] }[],
  problems: Problem[],
): void {
  const largest = new Map<string, { at: (string | number)[]; size: number; where: string }>();
  const sharable = sharableModules(doc.value);
  // Every fleet: each module's, and the shared fleet's with every module it may serve (its longest rendering).
  const fleets = [
    ...Object.entries(doc.value.modules).map(([module, spec]) => ({
      fleet: module,
      roles: [SERVER_ROLE, ...(leasedPartsOf(doc.value, [module]).length > 0 ? [] : spec.singletons)],
      served: [module],
      appOf: module,
    })),
    ...(sharable.length > 1 ? [{ fleet: SHARED_FLEET, roles: [SERVER_ROLE], served: sharable, appOf: sharable[0]! }] : []),
  ];
  for (const { fleet: module, roles, served, appOf } of fleets) {
    const parts = leasedPartsOf(doc.value, served);
    const leased = parts.length > 0 ? { parts, leaseSeconds: doc.value.application.singletonLease!.leaseSeconds } : undefined;
    const app = resolveApplication(doc.value, appOf);
    const template = templates.get(app.userData);
    if (template === undefined || templateProblems(template).length > 0) continue;
    for (const { environment, regions } of deployments) {
      for (const region of regions) {
        for (const role of roles) {
          const size = base64Size(
            renderUserData(template, userDataValues(environment, region, module, role, app.port, role === SERVER_ROLE ? served : [module], role === SERVER_ROLE ? leased : undefined)),
          );
          const at = [...app.userDataSource, 'userData'];
          const key = formatPath(at);
          if (size > USER_DATA_LIMIT_BYTES && size > (largest.get(key)?.size ?? 0)) {
            largest.set(key, { at, size, where: `${environment} ${region} ${fleetName(module, role)}` });
          }
        }
      }
    }
  }
  for (const { at, size, where } of largest.values()) {
    problems.push(
      problemAt(
        doc,
        at,
        `user data "${String(templateOf(doc.value, at))}" rendered for ${where} is ${size} bytes after base64 (EC2 allows ${USER_DATA_LIMIT_BYTES}; bake large content into the image or fetch it at boot)`,
      ),
    );
  }
}

/** The singleton parts (`<module>-<part>`) a fleet serving `modules` runs under a lease (the longest rendering). */
function leasedPartsOf(blueprint: Blueprint, modules: readonly string[]): string[] {
  return modules.filter((m) => partsUnderLease(blueprint, m)).flatMap((m) => blueprint.modules[m]!.singletons.map((part) => fleetName(m, part)));
}

function templateOf(blueprint: Blueprint, at: (string | number)[]): string | undefined {
  return at[0] === 'application' ? blueprint.application.userData : blueprint.modules[String(at[1])]?.application?.userData;
}

/** Each image's architecture must fit every instance type the planner may give its fleets. */
function checkArchitectures(doc: BlueprintDocument, problems: Problem[]): void {
  const reported = new Set<string>();
  const types = doc.value.capacity.instanceTypes;
  for (const module of Object.keys(doc.value.modules)) {
    const app = resolveApplication(doc.value, module);
    const imageAt: (string | number)[] = [...app.imageSource, 'image'];
    const declared = app.image.architecture;
    types.forEach((entry, index) => {
      const needed = instanceArchitecture(entry.type);
      const key = `${formatPath(imageAt)}|${index}`;
      if (needed === declared || reported.has(key)) return;
      reported.add(key);
      const typeAt = ['capacity', 'instanceTypes', index, 'type'];
      const { line } = doc.source.positionOf(typeAt);
      problems.push(
        problemAt(
          doc,
          [...imageAt, 'architecture'],
          `${declared} image cannot boot ${entry.type} (${formatPath(typeAt)}, line ${line}), a${needed === 'arm64' ? ' Graviton (arm64)' : 'n x86_64'} type, which module ${module} may run on (use an ${needed} image for this module, or ${declared} instance types)`,
        ),
      );
    });
    const named = app.image.ssmParameter !== undefined ? architectureInName(app.image.ssmParameter) : undefined;
    const key = `${formatPath(imageAt)}|name`;
    if (named !== undefined && named !== declared && !reported.has(key)) {
      reported.add(key);
      problems.push(problemAt(doc, [...imageAt, 'ssmParameter'], `names an ${named} image but architecture is ${declared} (make them agree)`));
    }
  }
}

function readTemplate(absolute: string): string | { reason: string; fix: string } {
  try {
    if (!statSync(absolute).isFile()) return { reason: 'user data is not a file', fix: 'give the path of a cloud-init or shell file, relative to the blueprint' };
    return readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? { reason: 'user data file not found', fix: 'give a path relative to the blueprint file, e.g. "user-data/itsm-standard.sh"' }
      : { reason: `user data file cannot be read (${code ?? (error as Error).message})`, fix: 'make it readable' };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function problemAt(doc: BlueprintDocument, path: ReadonlyArray<string | number>, message: string): Problem {
  const { line, column } = doc.source.positionOf(path);
  return { file: doc.file, line, column, path: formatPath(path), message };
}
