// What a file sink writes: rows of named, typed columns, the same for every format.
export type ColumnType = 'string' | 'timestamp';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
}

/** A string, a timestamp as epoch milliseconds, or null (an empty CSV cell). */
export type Cell = string | number | null;
export type Row = Readonly<Record<string, Cell>>;

export const FILE_FORMATS = ['csv', 'jsonl', 'parquet'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** Writes rows to one file; `finish` completes it, `abort` gives it up (the caller removes it). */
export interface RowSink {
  write(row: Row): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

/** Text formats show times as ISO-8601 (UTC, milliseconds), readable and sortable. */
export function textCell(column: Column, value: Cell | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (column.type === 'timestamp' && typeof value === 'number')
    return new Date(value).toISOString();
  return String(value);
}
