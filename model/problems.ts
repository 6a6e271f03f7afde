/** One thing wrong with an input file, located precisely enough to fix it. */
export interface Problem {
  /** The file, as given (relative paths stay relative so messages are machine-independent). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** Dotted field path, e.g. `modules.incident.trafficShare`; `(file)` for whole-file problems. */
  readonly path: string;
  /** What is wrong, then in parentheses what is allowed. */
  readonly message: string;
}

/** `FILE:LINE:COL: field.path: what is wrong (what is allowed)`. */
export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.path}: ${problem.message}`;
}

/** Thrown when input files are invalid; carries every problem found, sorted by file and position. */
export class InputError extends Error {
  public readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const sorted = [...problems].sort(compareProblems);
    super(sorted.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = sorted;
  }
}

function compareProblems(a: Problem, b: Problem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.path.localeCompare(b.path) || a.message.localeCompare(b.message);
}

/** Renders a zod/YAML path as `a.b[2].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out.length === 0 ? String(segment) : `.${String(segment)}`;
  }
  return out.length === 0 ? '(file)' : out;
}
