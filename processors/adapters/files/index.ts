// File sinks for exports: CSV, JSON Lines and Parquet rows, each file written whole or not at
// all.
export { partialPath, writeFileAtomically, writeTextAtomically } from './atomic-file.js';
export type { AtomicWrite } from './atomic-file.js';
export { FILE_FORMATS } from './rows.js';
export type { Cell, Column, ColumnType, FileFormat, Row, RowSink } from './rows.js';
