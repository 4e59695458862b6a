// ISO-8601 times read the same on every machine: an offset-less time is UTC, never the
// process's local zone (Date.parse reads "2026-03-07T10:00:00" in the local zone, so TZ
// changed results). Only ISO forms are accepted; anything Date.parse would guess at is not.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/** Epoch milliseconds of an ISO-8601 date or date-time; null when `text` is not one. */
export function isoTimeToMs(text: string): number | null {
  const m = ISO.exec(text.trim());
  if (m === null) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', , sign, oh = '0', om = '0'] = m;
  const ms = Math.floor(Number(`0.${frac || '0'}`) * 1000);
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(utc);
  // Out-of-range fields (month 13, 31 April, hour 25) roll over in Date.UTC: refuse them.
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    check.getUTCHours() !== Number(h) ||
    check.getUTCMinutes() !== Number(mi) ||
    Number(oh) > 23 ||
    Number(om) > 59
  )
    return null;
  const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  return utc - offset * 60_000;
}
