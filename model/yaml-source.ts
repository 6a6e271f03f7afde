import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, Pair, parseDocument, visit, YAMLMap } from 'yaml';
import { Problem } from './problems';

/** Alias expansions a document may make; ours use none, a few are fine, a bomb makes millions. */
const MAX_ALIAS_COUNT = 100;

/** A parsed YAML file that can tell where each field stands. */
export class YamlSource {
  /** Parses `text`; YAML syntax errors come back as problems rather than exceptions. */
  public static parse(file: string, text: string): { source: YamlSource; problems: Problem[] } {
    const lineCounter = new LineCounter();
    // Duplicate keys are found below in one pass: the parser's own check compares every key with
    // every earlier one (50,000 keys took two minutes).
    const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: false });
    const source = new YamlSource(file, document, lineCounter);
    const problems = document.errors.map((error) => {
      const { line, column } = source.positionOfOffset(error.pos[0]);
      return { file, line, column, path: '(yaml)', message: `${firstLine(error.message)} (fix the YAML syntax)` };
    });
    for (const offset of duplicateKeys(document)) {
      const { line, column } = source.positionOfOffset(offset);
      problems.push({ file, line, column, path: '(yaml)', message: 'Map keys must be unique (fix the YAML syntax)' });
    }
    return { source, problems };
  }

  private constructor(
    public readonly file: string,
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /**
   * The file's content as plain JavaScript values, or a problem when its aliases cannot be
   * expanded: an alias of an anchor that is not defined before it, or so many aliases of aliases
   * that the expansion would explode (a "billion laughs" document).
   */
  public toJS(): { value: unknown } | { problem: Problem } {
    try {
      return { value: this.document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      const unresolved = /Unresolved alias.*: (.*)$/.exec(error.message)?.[1];
      const offset = this.firstAlias(unresolved) ?? 0;
      const { line, column } = this.positionOfOffset(offset);
      const message = unresolved !== undefined
        ? `alias *${unresolved} has no anchor &${unresolved} before it (define the anchor first, or write the value out)`
        : `aliases expand too much (more than ${MAX_ALIAS_COUNT} alias expansions; write the values out instead of nesting aliases)`;
      return { problem: { file: this.file, line, column, path: '(yaml)', message } };
    }
  }

  /** Offset of the first alias (of `name`, when given). */
  private firstAlias(name: string | undefined): number | undefined {
    let found: number | undefined;
    visit(this.document, {
      Alias: (_key, node) => {
        if (found === undefined && (name === undefined || node.source === name)) found = node.range?.[0];
        return found === undefined ? undefined : visit.BREAK;
      },
    });
    return found;
  }

  /**
   * Position of the value at `path`. Falls back to the nearest ancestor that exists, so a
   * missing field is reported at the mapping that should hold it. With `key`, points at the
   * key of the last segment (used for unknown keys).
   */
  public positionOf(path: ReadonlyArray<PropertyKey>, options: { key?: boolean } = {}): { line: number; column: number } {
    let node: unknown = this.document.contents;
    let best: number = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const isLast = i === path.length - 1;
      if (isMap(node)) {
        const pair = this.pairsOf(node).get(String(segment));
        if (!pair) break;
        const keyStart = rangeStart(pair.key);
        if (isLast && options.key && keyStart !== undefined) {
          best = keyStart;
          break;
        }
        node = pair.value;
        best = rangeStart(node) ?? keyStart ?? best;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) break;
        node = item;
        best = rangeStart(node) ?? best;
      } else {
        break;
      }
    }
    return this.positionOfOffset(best);
  }

  /** The pairs of a mapping by key, built once per mapping (a file with 50,000 keys stays linear). */
  private pairsOf(map: YAMLMap): Map<string, Pair> {
    let pairs = this.pairIndex.get(map);
    if (!pairs) {
      pairs = new Map();
      for (const item of map.items) {
        if (isPair(item) && isScalar(item.key) && !pairs.has(String(item.key.value))) pairs.set(String(item.key.value), item);
      }
      this.pairIndex.set(map, pairs);
    }
    return pairs;
  }

  private readonly pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  public positionOfOffset(offset: number): { line: number; column: number } {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }
}

/** Offsets of keys that repeat an earlier key of the same mapping (scalar keys, compared by value). */
function duplicateKeys(document: Document): number[] {
  const out: number[] = [];
  visit(document, {
    Map: (_key, map) => {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) out.push(pair.key.range?.[0] ?? 0);
        seen.add(key);
      }
    },
  });
  return out;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as Node).range;
    if (Array.isArray(range)) return range[0];
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}
