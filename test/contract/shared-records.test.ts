// A record type used by two subjects is one type: the contact-book entry is also the snapshot
// an `absorb` command carries, written by one mapper (runtime/records/contact-entry.ts). Both
// subjects' latest versions must define it identically, docs and logical types included.
import { describe, expect, it } from '@jest/globals';
import avro from 'avsc';
import { latestVersion } from '../../processors/adapters/avro/catalog.js';

function namedTypes(subject: string): Record<string, avro.Type> {
  const registry: Record<string, avro.Type> = {};
  avro.Type.forSchema(latestVersion(subject).definition as avro.Schema, { registry });
  return registry;
}

const SHARED = [
  {
    name: 'io.waidentity.contactbook.ContactEntry',
    owner: 'whatsapp.contact-book-value',
    users: ['whatsapp.identity.events-value'],
  },
];

describe.each(SHARED)('$name', ({ name, owner, users }) => {
  const own = namedTypes(owner)[name];

  it.each(users)('is defined by %s exactly as by its owner subject', (user) => {
    const used = namedTypes(user)[name];
    expect(own).toBeDefined();
    expect(used?.schema({ exportAttrs: true })).toEqual(own?.schema({ exportAttrs: true }));
  });
});
