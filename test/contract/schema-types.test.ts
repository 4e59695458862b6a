// The hand-written TypeScript type beside each schema names exactly the schema's fields: the
// `satisfies` clauses fail to compile when a key is missing or extra, and the test fails when
// the .avsc file drifts from the list.
import { describe, expect, it } from '@jest/globals';
import type avro from 'avsc';
import { loadVersions } from '../../processors/runtime/schemas/catalog.js';
import type { DataStreamEventV1 } from '../../schemas/whatsapp.data-stream-value/v1.js';
import type { DataStreamEventV2 } from '../../schemas/whatsapp.data-stream-value/v2.js';
import type { ExportLogRowV1 } from '../../schemas/whatsapp.export-log-value/v1.js';
import type { OutboundMessageV1 } from '../../schemas/whatsapp.outbound.results-value/v1.js';

type FieldList<T> = Record<keyof T, true>;

const dataStreamV1 = {
  eventId: true,
  eventType: true,
  occurredAt: true,
  wabaId: true,
  businessPhoneNumberId: true,
  waid: true,
  profileName: true,
  messageId: true,
  messageType: true,
  status: true,
} satisfies FieldList<DataStreamEventV1>;

const dataStreamV2 = {
  ...dataStreamV1,
  direction: true,
  provider: true,
  portfolioId: true,
  waidSource: true,
  phone: true,
  phoneSource: true,
  bsuid: true,
  parentBsuid: true,
  userHandle: true,
  sessionKey: true,
  previousBsuid: true,
  previousPhone: true,
  previousParentBsuid: true,
  sourceField: true,
  errorCode: true,
  preferenceCategory: true,
  preferenceValue: true,
} satisfies FieldList<DataStreamEventV2>;

const exportLogV1 = {
  logId: true,
  loggedAt: true,
  direction: true,
  portfolioId: true,
  businessPhoneNumberId: true,
  waid: true,
  waidSource: true,
  phone: true,
  phoneSource: true,
  bsuid: true,
  parentBsuid: true,
  userHandle: true,
  messageId: true,
  messageType: true,
  status: true,
  errorCode: true,
  routedVia: true,
} satisfies FieldList<ExportLogRowV1>;

const outboundV1 = {
  requestId: true,
  portfolioId: true,
  businessPhoneNumberId: true,
  routedVia: true,
  body: true,
  requestedAt: true,
} satisfies FieldList<OutboundMessageV1>;

const cases: [string, number, Record<string, true>][] = [
  ['whatsapp.data-stream-value', 1, dataStreamV1],
  ['whatsapp.data-stream-value', 2, dataStreamV2],
  ['whatsapp.export-log-value', 1, exportLogV1],
  ['whatsapp.outbound.results-value', 1, outboundV1],
];

describe('TypeScript types match their schemas', () => {
  it.each(cases)('%s v%i', (subject, version, fields) => {
    const schema = loadVersions(subject).find((v) => v.version === version);
    const names = (schema?.type as avro.types.RecordType).fields.map((f) => f.name).sort();
    expect(names).toEqual(Object.keys(fields).sort());
  });
});
