// The hand-written TypeScript type beside each schema names exactly the schema's fields: the
// `satisfies` clauses fail to compile when a key is missing or extra, and the test fails when
// the .avsc file drifts from the list. Nested records are checked by their full name.
// The mappers (processors/runtime/records) write and read these types themselves.
import { describe, expect, it } from '@jest/globals';
import avro from 'avsc';
import { loadVersions } from '../../processors/adapters/avro/catalog.js';
import type {
  ContactBookValueV1,
  ContactEntryV1,
  PortfolioSettingsV1,
} from '../../schemas/whatsapp.contact-book-value/v1.js';
import type * as Events from '../../schemas/whatsapp.identity.events-value/v1.js';
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

const settingsV1 = {
  portfolioId: true,
  contactBookEnabled: true,
  storeFrom: true,
  changedAt: true,
} satisfies FieldList<PortfolioSettingsV1>;

const normalizedEventV1 = {
  ...dataStreamV2,
  sharedContacts: true,
  rawPayload: true,
} satisfies FieldList<Events.NormalizedEventV1>;

const evidenceV1 = {
  reason: true,
  eventId: true,
  messageId: true,
  occurredAt: true,
  provider: true,
  wabaId: true,
  businessPhoneNumberId: true,
  phoneInWebhook: true,
} satisfies FieldList<Events.LinkEvidenceV1>;

const outboundRequestV1 = {
  requestId: true,
  businessPhoneNumberId: true,
  portfolioId: true,
  waid: true,
  waidKind: true,
  message: true,
  requestedAt: true,
} satisfies FieldList<Events.OutboundRequestV1>;

const identityEventV1 = {
  event: true,
  outbound: true,
  linkPhone: true,
  absorb: true,
  supersede: true,
  releasePhone: true,
  deleteContact: true,
  purgeIfPointsTo: true,
  setContactBook: true,
  purgePortfolio: true,
} satisfies FieldList<Events.IdentityEventV1>;

const CB = 'whatsapp.contact-book-value';
const IE = 'whatsapp.identity.events-value';
const cb = 'io.waidentity.contactbook.';
const ie = 'io.waidentity.identity.';

/** [subject, version, full name of the record (null: the top record), its fields]. */
const cases: [string, number, string | null, Record<string, true>][] = [
  ['whatsapp.data-stream-value', 1, null, dataStreamV1],
  ['whatsapp.data-stream-value', 2, null, dataStreamV2],
  ['whatsapp.export-log-value', 1, null, exportLogV1],
  ['whatsapp.outbound.results-value', 1, null, outboundV1],
  [CB, 1, null, { entry: true, settings: true } satisfies FieldList<ContactBookValueV1>],
  [CB, 1, `${cb}ContactEntry`, contactEntryV1],
  [CB, 1, `${cb}PortfolioSettings`, settingsV1],
  [IE, 1, null, identityEventV1],
  [IE, 1, `${cb}ContactEntry`, contactEntryV1],
  [IE, 1, `${ie}NormalizedEvent`, normalizedEventV1],
  [
    IE,
    1,
    `${ie}SharedContact`,
    { phone: true, origin: true } satisfies FieldList<Events.SharedContactV1>,
  ],
  [IE, 1, `${ie}LinkEvidence`, evidenceV1],
  [IE, 1, `${ie}OutboundRequest`, outboundRequestV1],
  [IE, 1, `${ie}EventItem`, { event: true, hops: true } satisfies FieldList<Events.EventItemV1>],
  [
    IE,
    1,
    `${ie}OutboundItem`,
    { request: true, hops: true } satisfies FieldList<Events.OutboundItemV1>,
  ],
  [
    IE,
    1,
    `${ie}LinkPhone`,
    {
      target: true,
      at: true,
      evidence: true,
      handoverFrom: true,
    } satisfies FieldList<Events.LinkPhoneV1>,
  ],
  [
    IE,
    1,
    `${ie}Absorb`,
    {
      source: true,
      snapshot: true,
      announce: true,
      hops: true,
    } satisfies FieldList<Events.AbsorbV1>,
  ],
  [
    IE,
    1,
    `${ie}Supersede`,
    { target: true, at: true, hops: true } satisfies FieldList<Events.SupersedeV1>,
  ],
  [
    IE,
    1,
    `${ie}ReleasePhone`,
    { phoneKey: true, at: true } satisfies FieldList<Events.ReleasePhoneV1>,
  ],
  [
    IE,
    1,
    `${ie}DeleteContact`,
    { at: true, hops: true } satisfies FieldList<Events.DeleteContactV1>,
  ],
  [IE, 1, `${ie}PurgeIfPointsTo`, { targets: true } satisfies FieldList<Events.PurgeIfPointsToV1>],
  [
    IE,
    1,
    `${ie}SetContactBook`,
    { enabled: true, at: true } satisfies FieldList<Events.SetContactBookV1>,
  ],
  [
    IE,
    1,
    `${ie}PurgePortfolio`,
    { portfolioId: true, at: true } satisfies FieldList<Events.PurgePortfolioV1>,
  ],
];

/** The named record in a schema version: the top record, or a nested one by full name. */
function recordOf(subject: string, version: number, name: string | null): avro.types.RecordType {
  const schema = loadVersions(subject).find((v) => v.version === version);
  if (schema === undefined) throw new Error(`${subject} has no v${version}`);
  if (name === null) return schema.type as avro.types.RecordType;
  const registry: Record<string, avro.Type> = {};
  avro.Type.forSchema(schema.definition as avro.Schema, { registry });
  const found = registry[name];
  if (found === undefined) throw new Error(`${subject} v${version} defines no ${name}`);
  return found as avro.types.RecordType;
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
