import markdownTable from 'markdown-table';

/** A table column: its header and how its cells line up (numbers right, text left). */
export interface Column {
  readonly header: string;
  readonly align: 'l' | 'r' | 'c';
}

/** A GitHub-flavoured Markdown table; pipes and line breaks in cells are escaped so that a cell stays one cell. */
export function table(columns: readonly Column[], rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return markdownTable([columns.map((c) => escapeCell(c.header)), ...rows.map((row) => row.map(escapeCell))], {
    align: columns.map((c) => c.align),
  });
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
