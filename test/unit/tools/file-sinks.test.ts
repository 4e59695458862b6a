// The file sinks: each format read back by an independent reader, and a file appears whole
// or not at all (a failing fill leaves neither the file nor its temporary).
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { writeFileAtomically } from '../../../processors/adapters/files/index.js';
import type { Column, FileFormat, Row } from '../../../processors/adapters/files/index.js';

const COLUMNS: Column[] = [
  { name: 'id', type: 'string' },
  { name: 'at', type: 'timestamp' },
  { name: 'note', type: 'string' },
];
const ROWS: Row[] = [
  { id: 'a', at: Date.parse('2026-12-03T10:00:00Z'), note: 'plain' },
  { id: 'b', at: null, note: 'comma, "quote"\nnewline' },
  { id: 'c', at: 0, note: null },
];

async function write(format: FileFormat, rows: readonly Row[]): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'wai-sink-')), `out.${format}`);
  await writeFileAtomically({
    format,
    path,
    columns: COLUMNS,
    fill: async (sink) => {
      for (const r of rows) await sink.write(r);
    },
  });
  return path;
}

/** Small files are read into Node's shared pool: copy out exactly the file's bytes. */
function arrayBuffer(path: string): ArrayBuffer {
  const bytes = readFileSync(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

describe('file sinks', () => {
  it('CSV: a header, RFC 4180 quoting, ISO times, empty cells for null', async () => {
    const path = await write('csv', ROWS);
    expect(parse(readFileSync(path), { columns: true })).toEqual([
      { id: 'a', at: '2026-12-03T10:00:00.000Z', note: 'plain' },
      { id: 'b', at: '', note: 'comma, "quote"\nnewline' },
      { id: 'c', at: '1970-01-01T00:00:00.000Z', note: '' },
    ]);
    expect(readFileSync(await write('csv', []), 'utf8')).toBe('id,at,note\n');
  });

  it('JSON Lines: every column, null where empty', async () => {
    const lines = readFileSync(await write('jsonl', ROWS), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { id: 'a', at: '2026-12-03T10:00:00.000Z', note: 'plain' },
      { id: 'b', at: null, note: 'comma, "quote"\nnewline' },
      { id: 'c', at: '1970-01-01T00:00:00.000Z', note: null },
    ]);
  });

  it('Parquet: UTF8 strings and TIMESTAMP_MILLIS, optional, over several row groups', async () => {
    const many: Row[] = Array.from({ length: 25_001 }, (_, i) => ({
      id: `r${i}`,
      at: i,
      note: i % 2 === 0 ? null : 'x',
    }));
    const { parquetReadObjects, parquetMetadata } = await import('hyparquet');
    const file = arrayBuffer(await write('parquet', [...ROWS, ...many]));
    const rows = await parquetReadObjects({ file });
    expect(rows.slice(0, 3)).toEqual([
      { id: 'a', at: new Date('2026-12-03T10:00:00Z'), note: 'plain' },
      { id: 'b', at: null, note: 'comma, "quote"\nnewline' },
      { id: 'c', at: new Date(0), note: null },
    ]);
    expect(rows).toHaveLength(25_004);
    expect(rows[25_003]).toEqual({ id: 'r25000', at: new Date(25_000), note: null });
    expect(parquetMetadata(file).row_groups.length).toBeGreaterThan(1);
    const empty = arrayBuffer(await write('parquet', []));
    expect(await parquetReadObjects({ file: empty })).toEqual([]);
  });

  it.each(['csv', 'jsonl', 'parquet'] as const)(
    '%s: a failing fill leaves the previous file as it was and no temporary',
    async (format) => {
      const dir = mkdtempSync(join(tmpdir(), 'wai-sink-fail-'));
      const path = join(dir, `out.${format}`);
      writeFileSync(path, 'previous');
      await expect(
        writeFileAtomically({
          format,
          path,
          columns: COLUMNS,
          fill: async (sink) => {
            await sink.write(ROWS[0] ?? {});
            throw new Error('broker gone');
          },
        }),
      ).rejects.toThrow('broker gone');
      expect(readdirSync(dir)).toEqual([`out.${format}`]);
      expect(readFileSync(path, 'utf8')).toBe('previous');
    },
  );
});
