// Generated input-log traffic for equivalence tests and benchmarks, deterministic per seed:
// several portfolios with several business numbers each, users who repeat within bursts
// (inbound messages with and without the phone, phone-only and BSUID-only statuses, contact
// cards shared on request, BSUID rotations and number changes, redeliveries), interleaved
// with outbound requests, contact-book admin commands and the odd unreadable delivery.
import type { PipelineInput } from '../unit/pipeline/reference.js';

export interface TrafficOptions {
  seed: number;
  /** Input records to generate (a multi-portfolio delivery counts once). */
  records: number;
  portfolios?: number;
  numbersPerPortfolio?: number;
  usersPerPortfolio?: number;
  /** Event time of the first record (default 2026-05-01, after the contact-book launch). */
  start?: number;
  /**
   * Record timestamp of the first record, one millisecond more per record (default
   * 2026-12-01). On a broker, output records carry it: give a recent one there, or retention
   * and compaction, which go by record time, may remove outputs before they are read.
   */
  recordTime?: number;
}

export interface Traffic {
  inputs: PipelineInput[];
  /** WAI_PORTFOLIO_MAP for this traffic: every WABA and number mapped. */
  portfolioMap: { wabas: Record<string, string>; phoneNumbers: Record<string, string> };
}

interface User {
  bsuid: string;
  phone: string | null;
  username: string | null;
}

interface Portfolio {
  id: string;
  waba: string;
  numbers: string[];
  users: User[];
}

/** mulberry32: a small, well-mixed 32-bit PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function generateTraffic(o: TrafficOptions): Traffic {
  const rnd = prng(o.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const chance = (p: number): boolean => rnd() < p;
  const id = (n: number): string =>
    Array.from({ length: n }, () => pick(Array.from(ALNUM))).join('');
  const digits = (n: number): string =>
    String(1 + Math.floor(rnd() * 9)) +
    Array.from({ length: n - 1 }, () => Math.floor(rnd() * 10)).join('');
  const newUser = (): User => ({
    bsuid: `${pick(['US', 'GB', 'DE', 'BR', 'IN'])}.${id(12)}`,
    phone: chance(0.75) ? digits(11) : null,
    username: chance(0.5) ? `user.${id(6).toLowerCase()}` : null,
  });
  const portfolioMap: Traffic['portfolioMap'] = { wabas: {}, phoneNumbers: {} };
  const portfolios: Portfolio[] = Array.from({ length: o.portfolios ?? 3 }, (_, i) => {
    const p: Portfolio = {
      id: `pf-${i}`,
      waba: `1022901293${String(i).padStart(5, '0')}`,
      numbers: Array.from(
        { length: o.numbersPerPortfolio ?? 3 },
        (_, j) => `10654035${String(i).padStart(3, '0')}${String(j).padStart(4, '0')}`,
      ),
      users: Array.from({ length: o.usersPerPortfolio ?? 40 }, newUser),
    };
    portfolioMap.wabas[p.waba] = p.id;
    for (const n of p.numbers) portfolioMap.phoneNumbers[n] = p.id;
    return p;
  });

  let clock = o.start ?? Date.parse('2026-05-01T00:00:00Z');
  const recordTime = o.recordTime ?? Date.parse('2026-12-01T00:00:00Z');
  let seq = 0;
  const inputs: PipelineInput[] = [];
  const sent: string[] = [];
  const push = (value: string): void => {
    inputs.push({
      value,
      line: value,
      timestamp: recordTime + inputs.length,
    });
  };
  const envelope = (p: Portfolio, bpn: string, value: Record<string, unknown>): string =>
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: p.waba,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: bpn, phone_number_id: bpn },
                ...value,
              },
            },
          ],
        },
      ],
    });
  const ts = (): string => String(Math.floor(clock / 1000));
  const contact = (u: User, withPhone: boolean) => ({
    profile: { name: 'Customer', ...(u.username ? { username: u.username } : {}) },
    user_id: u.bsuid,
    ...(withPhone && u.phone ? { wa_id: u.phone } : {}),
  });

  const inbound = (p: Portfolio, u: User, bpn: string): string => {
    const withPhone = u.phone !== null && chance(0.5);
    const sender = withPhone ? { from: u.phone, from_user_id: u.bsuid } : { from_user_id: u.bsuid };
    const message = {
      ...sender,
      id: `wamid.G${++seq}`,
      timestamp: ts(),
      type: 'text',
      text: { body: 'hi' },
    };
    return envelope(p, bpn, { contacts: [contact(u, withPhone)], messages: [message] });
  };
  const status = (p: Portfolio, u: User, bpn: string): string => {
    const phoneOnly = u.phone !== null && chance(0.6);
    const recipient = phoneOnly ? { recipient_id: u.phone } : { recipient_user_id: u.bsuid };
    const state = pick(['sent', 'delivered', 'read', 'failed']);
    const s = {
      id: `wamid.O${++seq}`,
      status: state,
      timestamp: ts(),
      ...recipient,
      ...(state === 'failed' ? { errors: [{ code: 131026, title: 'Message undeliverable' }] } : {}),
    };
    return envelope(p, bpn, { statuses: [s] });
  };
  const shareCard = (p: Portfolio, u: User, bpn: string): string => {
    u.phone ??= digits(11);
    const card = {
      origin: 'contact_request',
      name: { formatted_name: 'Me' },
      phones: [{ phone: `+${u.phone}`, wa_id: u.phone }],
    };
    const message = {
      from_user_id: u.bsuid,
      id: `wamid.C${++seq}`,
      timestamp: ts(),
      type: 'contacts',
      contacts: [card],
    };
    return envelope(p, bpn, { contacts: [contact(u, false)], messages: [message] });
  };
  const rotate = (p: Portfolio, u: User, bpn: string): string => {
    const previous = u.bsuid;
    u.bsuid = `${previous.slice(0, 2)}.${id(12)}`;
    const system = {
      body: 'changed',
      user_id: u.bsuid,
      previous_user_id: previous,
      type: 'user_changed_user_id',
    };
    const message = { id: `wamid.I${++seq}`, timestamp: ts(), type: 'system', system };
    return envelope(p, bpn, { messages: [message] });
  };
  const changeNumber = (p: Portfolio, u: User, bpn: string): string => {
    const previous = u.phone ?? digits(11);
    u.phone = digits(11);
    const system = {
      body: 'changed',
      wa_id: u.phone,
      user_id: u.bsuid,
      type: 'user_changed_number',
    };
    const message = {
      from: previous,
      id: `wamid.N${++seq}`,
      timestamp: ts(),
      type: 'system',
      system,
    };
    return envelope(p, bpn, { messages: [message] });
  };
  const outbound = (p: Portfolio, u: User, bpn: string): string => {
    const waid = u.phone !== null && chance(0.3) ? u.phone : u.bsuid;
    const template = chance(0.1);
    const message = template
      ? {
          type: 'template',
          template: { name: 'login', category: 'AUTHENTICATION', language: { code: 'en' } },
        }
      : { type: 'text', text: { body: 'hello' } };
    return JSON.stringify({
      outbound: {
        requestId: `req-${++seq}`,
        businessPhoneNumberId: bpn,
        waid,
        message,
        requestedAt: clock,
      },
    });
  };
  const admin = (p: Portfolio, u: User): string => {
    const action = pick([
      'disableContactBook',
      'enableContactBook',
      'deleteContact',
      'enableContactBook',
    ]);
    return JSON.stringify({
      admin: {
        action,
        portfolioId: p.id,
        ...(action === 'deleteContact' ? { bsuid: u.bsuid } : {}),
        at: clock,
      },
    });
  };

  while (inputs.length < o.records) {
    const p = pick(portfolios);
    const u = pick(p.users);
    const burst = 1 + Math.floor(rnd() * 6);
    for (let b = 0; b < burst && inputs.length < o.records; b++) {
      clock += 1000 + Math.floor(rnd() * 6 * 3600_000);
      const bpn = pick(p.numbers);
      const r = rnd();
      let value: string;
      if (r < 0.4) value = inbound(p, u, bpn);
      else if (r < 0.62) value = status(p, u, bpn);
      else if (r < 0.67) value = shareCard(p, u, bpn);
      else if (r < 0.72) value = rotate(p, u, bpn);
      else if (r < 0.75) value = changeNumber(p, u, bpn);
      else if (r < 0.88) value = outbound(p, u, bpn);
      else if (r < 0.9) value = admin(p, u);
      else if (r < 0.97 && sent.length > 0)
        value = pick(sent); // Meta's redelivery
      else if (r < 0.985) value = '{"object": "whatsapp_business_account", "entry": [';
      else value = inbound(p, u, bpn);
      if (value.startsWith('{"object"') && value.endsWith('}')) sent.push(value);
      push(value);
    }
  }
  return { inputs, portfolioMap };
}
