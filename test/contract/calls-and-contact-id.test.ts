// The versions of issue 12: data-stream v3 (the CALL kind, contactId, requestId) and
// export-log v2 (row kind, contactId, requestId, identity-change and preference details).
// Records the product writes today, from its own mappers, are read by the readers of every
// released version: old subscribers and export tools keep working, and see a call as a call.
import { describe, expect, it } from '@jest/globals';
import { loadVersions } from '../../processors/adapters/avro/catalog.js';
import { dataStreamToAvro } from '../../processors/adapters/avro/records/data-stream.js';
import { exportLogToAvro } from '../../processors/adapters/avro/records/export-log.js';
import { eventLogRow } from '../../processors/domain/identity/export-log.js';
import { event } from '../unit/runtime/records/samples.js';
import { present } from '../helpers/present.js';

const call = event({
  eventType: 'CALL',
  direction: 'IN',
  messageId: 'wacid.HBgLMTY1MDU1NTEyMzQVAgAS01',
  messageType: 'call',
  status: 'COMPLETED',
  sourceField: 'calls',
  contactId: '6f1d0c3b8e2a4f5d9c7b1a0e3d2c4b5a',
});

function readBy(subject: string, value: unknown) {
  const versions = loadVersions(subject);
  const writer = present(versions[versions.length - 1]).type;
  const bytes = writer.toBuffer(value);
  return versions.map((v) => ({
    version: v.version,
    read: v.type.fromBuffer(bytes, v.type.createResolver(writer)) as Record<string, unknown>,
  }));
}

describe('data-stream v3 records read by every released reader', () => {
  const reads = readBy('whatsapp.data-stream-value', dataStreamToAvro(call));

  it('is read by v1, v2 and v3 readers, the kind as the text CALL', () => {
    expect(reads.map((r) => r.version)).toEqual([1, 2, 3]);
    for (const { read } of reads) {
      expect(read).toMatchObject({
        eventType: 'CALL',
        messageId: call.messageId,
        status: 'COMPLETED',
      });
    }
  });

  it('gives v2 readers every identity field, and only v3 readers the contactId', () => {
    const [v1, v2, v3] = reads.map((r) => r.read);
    expect(v2).toMatchObject({ bsuid: call.bsuid, waidSource: call.waidSource, direction: 'IN' });
    expect(v1).not.toHaveProperty('bsuid');
    expect(v2).not.toHaveProperty('contactId');
    expect(v3).toMatchObject({ contactId: call.contactId, requestId: call.requestId });
  });
});

describe('export-log v2 rows read by the v1 reader', () => {
  it('keeps every v1 column of a call row; v2 adds its kind and ids', () => {
    const row = eventLogRow(call);
    const [v1, v2] = readBy('whatsapp.export-log-value', exportLogToAvro(row)).map((r) => r.read);
    expect(v1).toMatchObject({ logId: row.logId, bsuid: row.bsuid, status: 'COMPLETED' });
    expect(v1).not.toHaveProperty('contactId');
    expect(v2).toMatchObject({ eventType: 'CALL', contactId: call.contactId });
  });
});
