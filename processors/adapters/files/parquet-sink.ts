// Parquet through hyparquet-writer: strings as UTF8, timestamps as TIMESTAMP_MILLIS, every
// column optional (null where empty). Rows are buffered into row groups, so memory holds one
// group, not the file. The package is ESM-only: loaded on use.
import type { Column, Row, RowSink } from './rows.js';

const ROW_GROUP = 10_000;

export async function parquetSink(path: string, columns: readonly Column[]): Promise<RowSink> {
  const { ParquetWriter, fileWriter } = await import('hyparquet-writer');
  const schema = [
    { name: 'root', num_children: columns.length },
    ...columns.map((c) =>
      c.type === 'timestamp'
        ? {
            name: c.name,
            type: 'INT64' as const,
            converted_type: 'TIMESTAMP_MILLIS' as const,
            repetition_type: 'OPTIONAL' as const,
          }
        : {
            name: c.name,
            type: 'BYTE_ARRAY' as const,
            converted_type: 'UTF8' as const,
            repetition_type: 'OPTIONAL' as const,
          },
    ),
  ];
  const writer = new ParquetWriter({ writer: fileWriter(path), schema });
  let group: Row[] = [];
  const flush = async (): Promise<void> => {
    if (group.length === 0) return;
    const rows = group;
    group = [];
    await writer.write({
      columnData: columns.map((c) => ({
        name: c.name,
        data: rows.map((r) => {
          const v = r[c.name] ?? null;
          return c.type === 'timestamp' && typeof v === 'number' ? new Date(v) : v;
        }),
      })),
      rowGroupSize: ROW_GROUP,
    });
  };
  return {
    async write(row) {
      group.push(row);
      if (group.length >= ROW_GROUP) await flush();
    },
    async finish() {
      await flush();
      await writer.finish();
    },
    abort: () => Promise.resolve(),
  };
}
