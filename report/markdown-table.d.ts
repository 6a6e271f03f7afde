/**
 * Types for markdown-table 2.0.0 (CommonJS, ships no types). Only the parts this folder uses.
 * @see https://github.com/wooorm/markdown-table/tree/2.0.0#api
 */
declare module 'markdown-table' {
  namespace markdownTable {
    /** `l`, `r`, `c` (left, right, centre) or empty for none; one for all columns or one per column. */
    type Align = string | null | undefined;

    interface Options {
      /** Column alignment. @default - none */
      readonly align?: Align | readonly Align[];
      /** Spaces between pipes and content. @default true */
      readonly padding?: boolean;
      /** Pipe at the start of each row. @default true */
      readonly delimiterStart?: boolean;
      /** Pipe at the end of each row. @default true */
      readonly delimiterEnd?: boolean;
      /** Pad cells so that the pipes line up. @default true */
      readonly alignDelimiters?: boolean;
      /** Visible width of a cell. @default - String#length */
      readonly stringLength?: (value: string) => number;
    }
  }

  /** Renders rows (the first is the header) as a GFM table. Cells are not escaped. */
  function markdownTable(table: ReadonlyArray<ReadonlyArray<string>>, options?: markdownTable.Options): string;

  export = markdownTable;
}
