// Rules not covered by a golden fixture, one test each, so dropping any of them fails here.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCommands } from '../../../processors/applications/cli/command-registry.js';
import { splitDelivery } from '../../../processors/domain/webhooks/split.js';
import { metaDelivery, testContext } from '../split/test-context.js';
import { present } from '../../helpers/present.js';

const BSUID = 'US.13491208655302741918';
const NEW_BSUID = 'US.24817305912873645029';
const PARENT = 'US.ENT.11815799212886844830';
const PHONE = '16505551234';

const split = (raw: unknown, receivedAt: number | null = null) =>
  splitDelivery(raw, testContext({ receivedAt }));

describe('Meta edge rules', () => {
  it('takes the parent BSUID of an identity change from the sender when system lacks it', () => {
    const r = split(
      metaDelivery({
        messages: [
          {
            from_parent_user_id: PARENT,
            id: 'wamid.1',
            timestamp: '1',
            type: 'system',
            system: { user_id: NEW_BSUID, previous_user_id: BSUID, type: 'user_changed_user_id' },
          },
        ],
      }),
    );
    expect(present(r.events[0]).event).toMatchObject({
      parentBsuid: PARENT,
      previousParentBsuid: null,
    });
  });

  it('reads echoes from a `messages` array as well as `message_echoes`', () => {
    const r = split(
      metaDelivery(
        {
          messages: [
            { from: '15550783881', to: PHONE, id: 'wamid.2', timestamp: '1', type: 'text' },
          ],
        },
        'smb_message_echoes',
      ),
    );
    expect(present(r.events[0]).event).toMatchObject({ eventType: 'OUTBOUND', phone: PHONE });
  });

  it('carries a known field that holds none of the arrays it is read from', () => {
    const r = split(metaDelivery({ contacts: [{ user_id: BSUID }] }), 5);
    expect(present(r.events[0]).event).toMatchObject({
      eventType: 'UNKNOWN',
      sourceField: 'messages',
      occurredAt: 5,
    });
  });

  it('rejects a timestamp that is not epoch seconds', () => {
    const r = split(
      metaDelivery({
        messages: [{ from: PHONE, id: 'wamid.3', timestamp: '2026-07-01', type: 'text' }],
      }),
    );
    expect(r.failures[0]).toMatchObject({
      code: 'WAI_BAD_INPUT',
      field: 'entry[0].changes[0].value.messages[0].timestamp',
    });
  });

  it('rejects a user_id_update with neither previous nor current', () => {
    const r = split(
      metaDelivery({ user_id_update: [{ user_id: {}, timestamp: '1' }] }, 'user_id_update'),
    );
    expect(r.failures[0]).toMatchObject({
      code: 'WAI_BAD_INPUT',
      field: 'entry[0].changes[0].value.user_id_update[0].user_id',
    });
  });

  it('pairs an item with a contact through the parent BSUID alone', () => {
    const r = split(
      metaDelivery({
        contacts: [
          { profile: { name: 'A' }, user_id: 'GB.1' },
          { profile: { name: 'B' }, user_id: BSUID, parent_user_id: PARENT },
        ],
        statuses: [
          { id: 'wamid.4', status: 'read', timestamp: '1', recipient_parent_user_id: PARENT },
        ],
      }),
    );
    expect(present(r.events[0]).event).toMatchObject({ bsuid: BSUID, profileName: 'B' });
  });

  it('rejects a non-string where a string field is expected', () => {
    const r = split(
      metaDelivery({ messages: [{ from: PHONE, id: 'wamid.5', timestamp: '1', type: { x: 1 } }] }),
    );
    expect(r.failures[0]).toMatchObject({
      code: 'WAI_BAD_INPUT',
      field: 'entry[0].changes[0].value.messages[0].type',
    });
  });

  it('skips a contact-card wa_id that is not a phone and uses the display number', () => {
    const r = split(
      metaDelivery({
        messages: [
          {
            from: PHONE,
            id: 'wamid.6',
            timestamp: '1',
            type: 'contacts',
            origin: 'contact_request',
            contacts: [{ phones: [{ wa_id: 'n/a', phone: '+44 7700 900123' }] }],
          },
        ],
      }),
    );
    expect(present(r.events[0]).event.sharedContacts).toEqual([
      { phone: '+447700900123', origin: 'contact_request' },
    ]);
  });
});

describe('provider edge rules', () => {
  it('takes the phone from WaId when From holds the BSUID', () => {
    const r = split(
      { MessageSid: 'SM1', From: `whatsapp:${BSUID}`, To: 'whatsapp:+14155238886', WaId: PHONE },
      1,
    );
    expect(present(r.events[0]).event).toMatchObject({ phone: PHONE, bsuid: BSUID, waid: PHONE });
  });

  it('rejects 8x8 rawEvent text that is not JSON', () => {
    const r = split({ timestamp: '2026-07-01T00:00:00Z', eventDetails: { rawEvent: '{nope' } });
    expect(r.failures[0]).toMatchObject({ code: 'WAI_BAD_INPUT', field: 'eventDetails.rawEvent' });
  });

  it('does not take a JSON object with nested values for Twilio form fields', () => {
    const r = split({ MessageSid: 'SM1', From: 'whatsapp:+1650', To: 'x', nested: { a: 1 } });
    expect(r.failures[0]).toMatchObject({ code: 'WAI_UNKNOWN_ENVELOPE' });
  });
});

describe('command discovery', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'wai-cmds-'));
  const cmd = (name: string) =>
    `module.exports.command = { name: '${name}', summary: 's', usage: 'u', run: async () => 0 };\n`;

  it('loads every command module in the folder, so adding a command is adding a file', async () => {
    const d = dir();
    writeFileSync(join(d, 'alpha.js'), cmd('alpha'));
    writeFileSync(join(d, 'beta.js'), cmd('beta'));
    writeFileSync(join(d, 'beta.js.map'), '{}');
    expect([...(await loadCommands(d)).keys()]).toEqual(['alpha', 'beta']);
  });

  it('refuses a module without a command and two modules with one name', async () => {
    const bad = dir();
    writeFileSync(join(bad, 'nothing.js'), 'module.exports.x = 1;\n');
    await expect(loadCommands(bad)).rejects.toThrow(/does not export a CLI command/);
    const twice = dir();
    writeFileSync(join(twice, 'a.js'), cmd('same'));
    writeFileSync(join(twice, 'b.js'), cmd('same'));
    await expect(loadCommands(twice)).rejects.toThrow(/two modules define the command "same"/);
  });
});
