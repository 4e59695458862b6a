// `wa-identity contacts get|delete|disable|enable`: one person's contact-book entry, and the
// contact-book commands, appended to the input log as the same admin records the pipeline
// applies in log order (a replay applies them at the same place).
import { WaiError } from '../../../domain/errors.js';
import { isBsuid } from '../../../domain/identifiers/identifiers.js';
import { loadConfig, type AppConfig } from '../../config.js';
import { findContact, parseContactId, type StoredEntry } from '../../contacts/contact-view.js';
import { inputRecords } from '../../input-log/append.js';
import { auditShowPhones } from '../../topics/audit.js';
import { redactAvroValue } from '../../topics/redact-value.js';
import { domainSettings } from '../../worker/domain-settings.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { confirmed } from '../confirm.js';
import { toolLogLevel } from '../tool-log-level.js';

const USAGE = `usage: wa-identity contacts get <portfolio> <bsuid|phone|@username> [--show-phones]
       wa-identity contacts delete <portfolio> <bsuid> [--yes]
       wa-identity contacts disable <portfolio> [--yes]
       wa-identity contacts enable <portfolio>

get      the current contact-book entry (read_committed, the portfolio's partition of the
         compacted topic up to its end),
         found from a BSUID, a phone (through its keyed alias, WAI_KEY_SECRET) or a username,
         following aliases and rotated-away BSUIDs to it: the keys followed, the entry
         (lineage: previousBsuids, previousPhones; provenance: inContactBook, contactBookSince,
         contactBookVia) and the 30-day interaction window of each business number. Phones are
         redacted unless --show-phones, which writes an audit line to stderr. JSON on stdout.
delete   appends {"admin":{"action":"deleteContact",…}} to the input log: the worker removes
         the entry's contact-book link (a tombstone on the contact book)
disable  appends disableContactBook: every entry of the portfolio is deleted and nothing is
         stored until enable
enable   appends enableContactBook: storing resumes; nothing deleted comes back

delete and disable ask for confirmation on a terminal; --yes skips it (needed without one).

options:
  --show-phones  get: phones in clear (audited)
  --yes          delete, disable: no confirmation
  --help         this text

environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL (get), WAI_TOPIC_PREFIX, WAI_KEY_SECRET,
             WAI_PORTFOLIO_MAP
exit status: 0 ok, 1 not found or a broker failure, 2 usage error or not confirmed`;

const OPTIONS = { 'show-phones': { type: 'boolean' }, yes: { type: 'boolean' } } as const;
const ACTIONS = {
  delete: 'deleteContact',
  disable: 'disableContactBook',
  enable: 'enableContactBook',
} as const;

function usage(message: string, field: string): WaiError {
  return new WaiError('WAI_CONFIG', `${message} (see wa-identity contacts --help)`, { field });
}

async function append(config: AppConfig, io: CliIo, admin: Record<string, unknown>): Promise<void> {
  const { createKafka, createSink } = await import('../../../adapters/kafka/index.js');
  const { createLogger } = await import('../../../adapters/logging/logger.js');
  const logger = createLogger({
    level: toolLogLevel(io.env, config.logLevel),
    destination: io.stderr,
  });
  const sink = await createSink(createKafka(config, logger));
  try {
    const value = Buffer.from(JSON.stringify({ admin }));
    await sink.send(
      inputRecords(
        config.topics.input,
        [{ value, timestamp: io.now() }],
        domainSettings(config).routing,
      ),
    );
  } finally {
    await sink.close();
  }
}

async function readEntries(
  config: AppConfig,
  io: CliIo,
  portfolioId: string,
): Promise<Map<string, StoredEntry>> {
  if (config.registryUrl === null) {
    throw new WaiError('WAI_CONFIG', 'SCHEMA_REGISTRY_URL is needed to decode the contact book', {
      field: 'SCHEMA_REGISTRY_URL',
    });
  }
  const { createKafka, partitionForKey, readRange } =
    await import('../../../adapters/kafka/index.js');
  const { createLogger } = await import('../../../adapters/logging/logger.js');
  const { createRegistryClient } = await import('../../../adapters/avro/registry.js');
  const { createWriterDecoder } = await import('../../../adapters/avro/writer-decoder.js');
  const { resolveRange } = await import('../../topics/resolve-range.js');
  const logger = createLogger({
    level: toolLogLevel(io.env, config.logLevel),
    destination: io.stderr,
  });
  const client = createKafka(config, logger);
  const decoder = createWriterDecoder(
    createRegistryClient(config.registryUrl, config.registrySecurity),
  );
  const topic = config.topics.contactBook;
  const range = await resolveRange(client, topic, { from: null, to: null, follow: false });
  // The contact book is partitioned by portfolio, as the input log is: one partition to read.
  const home = partitionForKey(portfolioId, range.from.size);
  const only = (offsets: ReadonlyMap<number, string>): Map<number, string> =>
    new Map([...offsets].filter(([partition]) => partition === home));
  const prefix = `${portfolioId}|`;
  const entries = new Map<string, StoredEntry>();
  await readRange(client, {
    topic,
    from: only(range.from),
    to: only(range.to),
    apply: async (record) => {
      const key = record.key?.toString('utf8') ?? '';
      if (!key.startsWith(prefix)) return;
      if (record.value === null) {
        entries.delete(key);
        return;
      }
      const { value } = await decoder.decode(record.value);
      const entry = (value as { entry?: StoredEntry | null }).entry ?? null;
      if (entry === null) entries.delete(key);
      else entries.set(key, entry);
    },
  });
  return entries;
}

async function get(
  config: AppConfig,
  io: CliIo,
  args: readonly string[],
  showPhones: boolean,
): Promise<number> {
  const [portfolioId, raw] = args;
  if (portfolioId === undefined || raw === undefined)
    throw usage('get needs <portfolio> and <id>', '<id>');
  const id = parseContactId(raw);
  const entries = await readEntries(config, io, portfolioId);
  const { resolver } = domainSettings(config);
  const view = findContact(entries, portfolioId, id, resolver.hashPhone, io.now());
  if (view === null) {
    io.stderr.write(
      `contacts get: no contact-book entry for that ${id.kind.toLowerCase()} in portfolio ${portfolioId}\n`,
    );
    return 1;
  }
  if (showPhones) auditShowPhones(io, 'contacts get', config.topics.contactBook);
  const out = showPhones ? view : (redactAvroValue(view) as typeof view);
  io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  return 0;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('contacts', args, OPTIONS, true);
  const [action, ...rest] = positionals;
  const config = loadConfig(io.env);
  if (action === 'get') {
    if (rest.length > 2) throw usage(`unexpected argument "${rest.slice(2).join(' ')}"`, '<id>');
    return get(config, io, rest, values['show-phones'] === true);
  }
  if (action !== 'delete' && action !== 'disable' && action !== 'enable') {
    throw usage(
      `contacts needs get, delete, disable or enable, got ${action === undefined ? 'nothing' : `"${action}"`}`,
      'action',
    );
  }
  if (values['show-phones'] === true)
    throw usage('--show-phones applies to get only', '--show-phones');
  const [portfolioId, bsuid, ...extra] = rest;
  if (portfolioId === undefined || portfolioId === '')
    throw usage(`${action} needs <portfolio>`, '<portfolio>');
  if (action === 'delete' && (bsuid === undefined || !isBsuid(bsuid))) {
    throw usage('delete needs the BSUID of the contact (CC.…)', '<bsuid>');
  }
  if (action !== 'delete' && bsuid !== undefined)
    throw usage(`unexpected argument "${bsuid}"`, '<portfolio>');
  if (extra.length > 0) throw usage(`unexpected argument "${extra.join(' ')}"`, '<bsuid>');
  const question =
    action === 'delete'
      ? `Delete ${bsuid ?? ''} from the contact book of ${portfolioId}?`
      : action === 'disable'
        ? `Disable the contact book of ${portfolioId}? Every entry is deleted; enabling again restores none.`
        : null;
  if (question !== null && !(await confirmed(io, 'contacts', question, values.yes === true))) {
    io.stderr.write('contacts: not confirmed, nothing appended\n');
    return 2;
  }
  const admin = {
    action: ACTIONS[action],
    portfolioId,
    ...(bsuid === undefined ? {} : { bsuid }),
    at: io.now(),
  };
  await append(config, io, admin);
  io.stderr.write(
    `contacts: ${ACTIONS[action]} for ${portfolioId} appended to ${config.topics.input}\n`,
  );
  return 0;
}

export const command: CliCommand = {
  name: 'contacts',
  summary: "one person's contact-book entry (get); delete, disable, enable through the input log",
  usage: USAGE,
  run,
};
