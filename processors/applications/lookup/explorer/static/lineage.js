// Pure helpers of the identity explorer page (no DOM): lineage graph layout, time
// formatting and phone display. Unit-tested under jest; loaded by the page as an ES module.

/** Nodes (identifiers in first-seen order) and edges (one per lineage change). */
export function layoutLineage(lineage, current) {
  const ids = [];
  const add = (id) => {
    if (id !== null && id !== undefined && !ids.includes(id)) ids.push(id);
  };
  for (const change of lineage) {
    add(change.from);
    add(change.to);
  }
  add(current);
  const gap = 220;
  const nodes = ids.map((id, i) => ({ id, x: 20 + i * gap, y: 40, current: id === current }));
  const edges = lineage
    .filter((c) => c.from !== null && c.to !== null)
    .map((c) => ({
      from: ids.indexOf(c.from),
      to: ids.indexOf(c.to),
      label: `${kindLabel(c.kind)} · ${formatTime(c.at)}`,
      eventId: c.eventId,
    }));
  return { nodes, edges, width: Math.max(1, ids.length) * gap, height: 110 };
}

const KIND_LABELS = {
  BSUID_ROTATION: 'BSUID rotated',
  PHONE_CHANGE: 'Phone changed',
  USERNAME_CHANGE: 'Username changed',
  PHONE_LINKED: 'Phone linked',
};

export function kindLabel(kind) {
  return KIND_LABELS[kind] ?? String(kind ?? 'unknown');
}

/** "2026-04-02 10:00 UTC", or "unknown" for null / unparsable. */
export function formatTime(iso) {
  if (iso === null || iso === undefined) return 'unknown';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return 'unknown';
  return `${t.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The phone as the API gave it; a note says whether it is masked. Never unmasks. */
export function phoneDisplay(phone, revealed) {
  if (phone === null || phone === undefined) return { text: 'not known', note: '' };
  return { text: phone, note: revealed ? 'revealed' : 'masked' };
}

/** Bar length (0..1) of a 30-day interaction window still open at `now`. */
export function windowFraction(openUntil, now) {
  const end = new Date(openUntil).getTime();
  if (Number.isNaN(end)) return 0;
  const left = (end - now) / (30 * 24 * 3600 * 1000);
  return Math.min(1, Math.max(0, left));
}

const ERRORS = {
  400: 'That identifier is not a BSUID, phone number or @username.',
  401: 'The token is missing or not valid.',
  403: 'This token may not read this portfolio.',
  404: 'No such contact in this portfolio.',
  503: 'The lookup service is restoring or unreachable; try again shortly.',
};

export function errorMessage(status, body) {
  const base = ERRORS[status] ?? `Lookup failed (HTTP ${String(status)}).`;
  const detail = body?.error?.message;
  return typeof detail === 'string' && detail !== '' ? `${base} ${detail}` : base;
}
