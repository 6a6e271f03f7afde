import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { Problem } from './problems';

/** A parsed YAML file that can tell where each field stands. */
export class YamlSource {
  /** Parses `text`; YAML syntax errors come back as problems rather than exceptions. */
  public static parse(file: string, text: string): { source: YamlSource; problems: Problem[] } {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: false });
    const source = new YamlSource(file, document, lineCounter);
    const problems = document.errors.map((error) => {
      const { line, column } = source.positionOfOffset(error.pos[0]);
      return { file, line, column, path: '(yaml)', message: `${firstLine(error.message)} (fix the YAML syntax)` };
    });
    return { source, problems };
  }

  private constructor(
    public readonly file: string,
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /** The file's content as plain JavaScript values. */
  public toJS(): unknown {
    return this.document.toJS();
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
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
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

  public positionOfOffset(offset: number): { line: number; column: number } {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }
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
