// Export-log rows and outbound results through Avro bytes, with their edge values and the
// rules the mappers enforce (one address per body; the route named in the record is the
// body's own).
import { describe, expect, it } from '@jest/globals';
import type { ExportLogRow } from '../../../../processors/domain/identity/export-log.js';
import {
  exportLogFromAvro,
  exportLogToAvro,
} from '../../../../processors/adapters/avro/records/export-log.js';
import {
  outboundResultFromAvro,
  outboundResultToAvro,
  type OutboundResult,
} from '../../../../processors/adapters/avro/records/outbound-result.js';
import { AT, BSUID, LONG_BSUID, PHONE, PORTFOLIO, viaBytes } from './samples.js';

const row = (fields: Partial<ExportLogRow> = {}): ExportLogRow => ({
  logId: 'req-1',
  loggedAt: AT,
  direction: 'OUT',
  portfolioId: PORTFOLIO,
  businessPhoneNumberId: '106540352242922',
  waid: BSUID,
  waidSource: 'BSUID',
  phone: null,
  phoneSource: 'NONE',
  bsuid: BSUID,
  parentBsuid: null,
  userHandle: null,
  messageId: null,
  messageType: 'template',
  status: 'accepted',
  errorCode: null,
  routedVia: 'recipient',
  eventType: 'REQUEST',
  contactId: '6f1d0c3b8e2a4f5d9c7b1a0e3d2c4b5a',
  requestId: 'req-1',
  previousBsuid: null,
  previousPhone: null,
  preferenceCategory: null,
  preferenceValue: null,
  previousContactId: null,
  ...fields,
});

const result = (body: Record<string, unknown>): OutboundResult => ({
  requestId: 'req-1',
  businessPhoneNumberId: '106540352242922',
  portfolioId: PORTFOLIO,
  requestedAt: AT,
  body: { messaging_product: 'whatsapp', type: 'text', text: { body: 'hi ☎' }, ...body },
});

describe('export-log v1 mapping', () => {
  it.each<[string, ExportLogRow]>([
    ['an outbound row routed to a BSUID', row()],
    [
      'an outbound row routed to a phone',
      row({
        waid: PHONE,
        waidSource: 'PHONE',
        phone: PHONE,
        phoneSource: 'CONTACT_BOOK',
        routedVia: 'to',
      }),
    ],
    [
      'a rejected authentication send',
      row({ status: 'rejected', errorCode: '131062', routedVia: null }),
    ],
    [
      'an inbound row with every nullable field null',
      row({
        direction: 'IN',
        businessPhoneNumberId: null,
        waid: null,
        waidSource: 'NONE',
        bsuid: null,
        messageType: null,
        status: null,
        routedVia: null,
      }),
    ],
    [
      'a row keyed by a long BSUID',
      row({ logId: LONG_BSUID, bsuid: LONG_BSUID, parentBsuid: 'US.ENT.9', userHandle: 'ü.name' }),
    ],
  ])('%s round-trips through Avro bytes', (_, value) => {
    expect(
      exportLogFromAvro(viaBytes('whatsapp.export-log-value', exportLogToAvro(value))),
    ).toEqual(value);
  });

  it('refuses a route outside to / recipient', () => {
    expect(() => exportLogFromAvro({ ...exportLogToAvro(row()), routedVia: 'cc' })).toThrow(
      expect.objectContaining({ code: 'WAI_SCHEMA', field: 'export-log.routedVia' }),
    );
  });
});

describe('outbound results v1 mapping', () => {
  it.each<[string, OutboundResult, string]>([
    ['a send to a phone', result({ to: PHONE }), 'to'],
    ['a send to a BSUID', result({ recipient: BSUID }), 'recipient'],
    [
      'a template with nested components',
      result({
        recipient: LONG_BSUID,
        type: 'template',
        template: { name: 'x', components: [{ parameters: [] }] },
      }),
      'recipient',
    ],
  ])('%s round-trips, routedVia from the body', (_, value, via) => {
    const avro = outboundResultToAvro(value);
    expect(avro.routedVia).toBe(via);
    expect(JSON.parse(avro.body)).toEqual(value.body);
    expect(outboundResultFromAvro(viaBytes('whatsapp.outbound.results-value', avro))).toEqual(
      value,
    );
  });

  it('refuses to write a body with both addresses or none (a bug upstream)', () => {
    expect(() => outboundResultToAvro(result({ to: PHONE, recipient: BSUID }))).toThrow(
      expect.objectContaining({ code: 'WAI_INTERNAL' }),
    );
    expect(() => outboundResultToAvro(result({}))).toThrow(/exactly one of to \/ recipient/);
  });

  it("refuses to read a record whose route is not the body's own", () => {
    const avro = outboundResultToAvro(result({ to: PHONE }));
    expect(() => outboundResultFromAvro({ ...avro, routedVia: 'recipient' })).toThrow(
      expect.objectContaining({ code: 'WAI_SCHEMA', field: 'outbound.routedVia' }),
    );
    expect(() => outboundResultFromAvro({ ...avro, body: '{"to":"1"}' })).toThrow(
      expect.objectContaining({ field: 'outbound.body' }),
    );
    expect(() => outboundResultFromAvro({ ...avro, body: 'not json' })).toThrow(/not valid JSON/);
  });
});
