// The hand-written TypeScript type beside each schema names exactly the schema's fields: the
// `satisfies` clauses fail to compile when a key is missing or extra, and the test fails when
// the .avsc file drifts from the list. Nested records are checked by their full name.
// The mappers (processors/adapters/avro/records) write and read these types themselves.
import { describe, expect, it } from '@jest/globals';
import avro from 'avsc';
import { loadVersions } from '../../processors/adapters/avro/catalog.js';
import type {
  ContactBookValueV1,
  ContactEntryV1,
  PortfolioSettingsV1,
} from '../../schemas/whatsapp.contact-book-value/v1.js';
import type {
  ContactBookValueV2,
  ContactEntryV2,
  LineageStepV2,
  PhoneEvidenceV2,
} from '../../schemas/whatsapp.contact-book-value/v2.js';
import type {
  ContactBookValueV3,
  ContactEntryV3,
} from '../../schemas/whatsapp.contact-book-value/v3.js';
import type { DataStreamEventV1 } from '../../schemas/whatsapp.data-stream-value/v1.js';
import type { DataStreamEventV2 } from '../../schemas/whatsapp.data-stream-value/v2.js';
import type { DataStreamEventV3 } from '../../schemas/whatsapp.data-stream-value/v3.js';
import type { ExportLogRowV1 } from '../../schemas/whatsapp.export-log-value/v1.js';
import type { ExportLogRowV2 } from '../../schemas/whatsapp.export-log-value/v2.js';
import type { OutboundMessageV1 } from '../../schemas/whatsapp.outbound.results-value/v1.js';
import { asRecord } from '../helpers/avro-record.js';

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

const dataStreamV3 = {
  ...dataStreamV2,
  contactId: true,
  requestId: true,
  previousContactId: true,
} satisfies FieldList<DataStreamEventV3>;

const exportLogV2 = {
  ...exportLogV1,
  eventType: true,
  contactId: true,
  requestId: true,
  previousBsuid: true,
  previousPhone: true,
  preferenceCategory: true,
  preferenceValue: true,
  previousContactId: true,
} satisfies FieldList<ExportLogRowV2>;

const outboundV1 = {
  requestId: true,
  portfolioId: true,
  businessPhoneNumberId: true,
  routedVia: true,
  body: true,
  requestedAt: true,
} satisfies FieldList<OutboundMessageV1>;

const contactEntryV1 = {
  portfolioId: true,
  userKey: true,
  supersededBy: true,
  bsuid: true,
  parentBsuid: true,
  phone: true,
  username: true,
  profileName: true,
  inContactBook: true,
  contactBookSince: true,
  contactBookVia: true,
  lastInteractionAt: true,
  firstSeenAt: true,
  lastSeenAt: true,
  previousBsuids: true,
  previousPhones: true,
  recentEventIds: true,
} satisfies FieldList<ContactEntryV1>;

const contactEntryV2 = {
  ...contactEntryV1,
  lineage: true,
  phoneEvidence: true,
} satisfies FieldList<ContactEntryV2>;

const lineageStepV2 = {
  kind: true,
  from: true,
  to: true,
  eventId: true,
  at: true,
} satisfies FieldList<LineageStepV2>;

const phoneEvidenceV2 = {
  source: true,
  eventId: true,
  at: true,
} satisfies FieldList<PhoneEvidenceV2>;

const contactEntryV3 = { ...contactEntryV2, contactId: true } satisfies FieldList<ContactEntryV3>;

const settingsV1 = {
  portfolioId: true,
  contactBookEnabled: true,
  storeFrom: true,
  changedAt: true,
} satisfies FieldList<PortfolioSettingsV1>;

const CB = 'whatsapp.contact-book-value';
const cb = 'io.waidentity.contactbook.';

/** [subject, version, full name of the record (null: the top record), its fields]. */
const cases: [string, number, string | null, Record<string, true>][] = [
  ['whatsapp.data-stream-value', 1, null, dataStreamV1],
  ['whatsapp.data-stream-value', 2, null, dataStreamV2],
  ['whatsapp.data-stream-value', 3, null, dataStreamV3],
  ['whatsapp.export-log-value', 1, null, exportLogV1],
  ['whatsapp.export-log-value', 2, null, exportLogV2],
  ['whatsapp.outbound.results-value', 1, null, outboundV1],
  [CB, 1, null, { entry: true, settings: true } satisfies FieldList<ContactBookValueV1>],
  [CB, 1, `${cb}ContactEntry`, contactEntryV1],
  [CB, 1, `${cb}PortfolioSettings`, settingsV1],
  [CB, 2, null, { entry: true, settings: true } satisfies FieldList<ContactBookValueV2>],
  [CB, 2, `${cb}ContactEntry`, contactEntryV2],
  [CB, 2, `${cb}LineageStep`, lineageStepV2],
  [CB, 2, `${cb}PhoneEvidence`, phoneEvidenceV2],
  [CB, 2, `${cb}PortfolioSettings`, settingsV1],
  [CB, 3, null, { entry: true, settings: true } satisfies FieldList<ContactBookValueV3>],
  [CB, 3, `${cb}ContactEntry`, contactEntryV3],
  [CB, 3, `${cb}LineageStep`, lineageStepV2],
  [CB, 3, `${cb}PhoneEvidence`, phoneEvidenceV2],
  [CB, 3, `${cb}PortfolioSettings`, settingsV1],
];

/** The named record in a schema version: the top record, or a nested one by full name. */
function recordOf(subject: string, version: number, name: string | null): avro.types.RecordType {
  const schema = loadVersions(subject).find((v) => v.version === version);
  if (schema === undefined) throw new Error(`${subject} has no v${version}`);
  if (name === null) return asRecord(schema.type, `${subject} v${version}`);
  const registry: Record<string, avro.Type> = {};
  avro.Type.forSchema(schema.definition as avro.Schema, { registry });
  const found = registry[name];
  if (found === undefined) throw new Error(`${subject} v${version} defines no ${name}`);
  return asRecord(found, name);
}

describe('TypeScript types match their schemas', () => {
  it.each(cases)('%s v%i %s', (subject, version, name, fields) => {
    const names = recordOf(subject, version, name).fields.map((f) => f.name);
    expect(names.sort()).toEqual(Object.keys(fields).sort());
  });

  it('names every record of every schema version in a case above', () => {
    const covered = new Set(cases.map(([s, v, n]) => `${s} v${v} ${n ?? 'top'}`));
    const versions = new Map(cases.map(([s, v]) => [`${s} v${v}`, [s, v] as const]));
    for (const [subject, version] of versions.values()) {
      const registry: Record<string, avro.Type> = {};
      const schema = loadVersions(subject).find((v) => v.version === version);
      const top = avro.Type.forSchema(schema?.definition as avro.Schema, { registry });
      for (const [name, type] of Object.entries(registry)) {
        if (type.typeName !== 'record') continue;
        const key = `${subject} v${version} ${name === top.name ? 'top' : name}`;
        expect({ record: key, covered: covered.has(key) }).toEqual({ record: key, covered: true });
      }
    }
  });
});
