// The input mix of `npm run bench` (issue 11): Meta webhook deliveries of a fixed population
//   60%  one inbound text message; a third of them without the phone (BSUID only)
//   30%  one status of a message the business sent (sent / delivered / read); a third by BSUID only
//   10%  one delivery holding two inbound messages of the same user
// over `users` users and `numbers` business numbers spread over `portfolios` portfolios, whose
// ids are chosen so the portfolios spread evenly over `partitions` input partitions (murmur2, as
// the producers key them). Deterministic per seed; event time advances a second per delivery.
// Pure (the partitioner is passed in), so the unit tests check the mix itself.

export interface MixOptions {
  seed: number;
  deliveries: number;
  users: number;
  numbers: number;
  portfolios: number;
  partitions: number;
  /** Distinguishes message ids of mixes appended to the same deployment (default "B"). */
  tag?: string;
  /** Event time of the first delivery, epoch seconds (default 2026-06-01). */
  startSeconds?: number;
  /** The producers' partitioner (adapters/kafka `partitionForKey`). */
  partitionOf: (key: string, partitions: number) => number;
}

export interface Mix {
  /** One input-log record value per delivery. */
  lines: string[];
  /** Events the split makes of `lines` (one per message or status). */
  events: number;
  portfolioMap: { wabas: Record<string, string>; phoneNumbers: Record<string, string> };
}

/** mulberry32, as test/helpers/traffic.ts. */
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

/** Portfolio ids that land evenly on the partitions (at most ⌈portfolios/partitions⌉ each). */
export function spreadPortfolioIds(
  portfolios: number,
  partitions: number,
  partitionOf: MixOptions['partitionOf'],
): string[] {
  const cap = Math.ceil(portfolios / partitions);
  const load = new Map<number, number>();
  const ids: string[] = [];
  for (let k = 0; ids.length < portfolios; k++) {
    const id = `bench-pf-${k}`;
    const p = partitionOf(id, partitions);
    if ((load.get(p) ?? 0) >= cap) continue;
    load.set(p, (load.get(p) ?? 0) + 1);
    ids.push(id);
  }
  return ids;
}

interface User {
  bsuid: string;
  phone: string;
  username: string | null;
  portfolio: number;
}

export function generateMix(o: MixOptions): Mix {
  const rnd = prng(o.seed);
  const ids = spreadPortfolioIds(o.portfolios, o.partitions, o.partitionOf);
  const wabas = ids.map((_, i) => `2022901293${String(i).padStart(5, '0')}`);
  const numbers = Array.from(
    { length: o.numbers },
    (_, j) => `20654035${String(j).padStart(7, '0')}`,
  );
  const numbersOf = ids.map((_, i) => numbers.filter((_n, j) => j % o.portfolios === i));
  const portfolioMap: Mix['portfolioMap'] = { wabas: {}, phoneNumbers: {} };
  ids.forEach((id, i) => {
    portfolioMap.wabas[wabas[i] as string] = id;
    for (const n of numbersOf[i] ?? []) portfolioMap.phoneNumbers[n] = id;
  });
  const user = (u: number): User => ({
    bsuid: `US.${String(4_000_000_000_000 + u * 7919)}`,
    phone: String(15_550_000_000 + u),
    username: u % 2 === 0 ? `user.${u.toString(36)}` : null,
    portfolio: u % o.portfolios,
  });

  let clock = o.startSeconds ?? Date.parse('2026-06-01T00:00:00Z') / 1000;
  const tag = o.tag ?? 'B';
  let seq = 0;
  const envelope = (u: User, bpn: string, value: Record<string, unknown>): string =>
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: wabas[u.portfolio],
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
  const contact = (u: User, withPhone: boolean) => ({
    profile: { name: 'Customer', ...(u.username === null ? {} : { username: u.username }) },
    user_id: u.bsuid,
    ...(withPhone ? { wa_id: u.phone } : {}),
  });
  const message = (u: User, withPhone: boolean) => ({
    ...(withPhone ? { from: u.phone } : {}),
    from_user_id: u.bsuid,
    id: `wamid.${tag}${++seq}`,
    timestamp: String(clock),
    type: 'text',
    text: { body: 'hi' },
  });

  const lines: string[] = [];
  let events = 0;
  for (let i = 0; i < o.deliveries; i++) {
    clock += 1;
    const u = user(Math.floor(rnd() * o.users));
    const own = numbersOf[u.portfolio] ?? [];
    const bpn = own[Math.floor(rnd() * own.length)] ?? '0';
    const withPhone = rnd() >= 1 / 3;
    const r = rnd();
    if (r < 0.6) {
      lines.push(
        envelope(u, bpn, { contacts: [contact(u, withPhone)], messages: [message(u, withPhone)] }),
      );
      events += 1;
    } else if (r < 0.9) {
      const status = {
        id: `wamid.${tag}S${++seq}`,
        status: ['sent', 'delivered', 'read'][Math.floor(rnd() * 3)],
        timestamp: String(clock),
        ...(withPhone ? { recipient_id: u.phone } : {}),
        recipient_user_id: u.bsuid,
      };
      lines.push(envelope(u, bpn, { statuses: [status] }));
      events += 1;
    } else {
      const two = [message(u, withPhone), message(u, withPhone)];
      lines.push(envelope(u, bpn, { contacts: [contact(u, withPhone)], messages: two }));
      events += 2;
    }
  }
  return { lines, events, portfolioMap };
}
