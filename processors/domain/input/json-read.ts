// Reading untyped webhook JSON. Every accessor takes the JSON path of what it reads, so a
// shape error names the exact field (`entry[0].changes[1].value.statuses[2].id`).
import { WaiError } from '../errors.js';
import { isoTimeToMs } from './iso-time.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function badInput(field: string, message: string): WaiError {
  return new WaiError('WAI_BAD_INPUT', `${field}: ${message}`, { field });
}

export function requireObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw badInput(path, 'expected an object');
  return value;
}

/** Missing or null reads as []; anything else that is not an array is bad input. */
export function optArray(obj: JsonObject, key: string, path: string): unknown[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badInput(`${path}.${key}`, 'expected an array');
  return value;
}

export function optObject(obj: JsonObject, key: string, path: string): JsonObject | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  return requireObject(value, `${path}.${key}`);
}

/** Strings as sent; numbers are accepted for id-like fields some providers re-serialize. */
export function optString(obj: JsonObject, key: string, path: string): string | null {
  const value = obj[key];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw badInput(`${path}.${key}`, 'expected a string');
}

export function requireString(obj: JsonObject, key: string, path: string): string {
  const value = optString(obj, key, path);
  if (value === null) throw badInput(`${path}.${key}`, 'is required');
  return value;
}

/** Meta timestamps are epoch seconds, as a digit string or a number; returns epoch ms. */
export function optEpochSeconds(obj: JsonObject, key: string, path: string): number | null {
  const value = obj[key];
  if (value === undefined || value === null || value === '') return null;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^[0-9]{1,12}$/.test(text)) {
    throw badInput(`${path}.${key}`, 'expected epoch seconds');
  }
  return Number(text) * 1000;
}

/** ISO-8601 text to epoch ms, an offset-less time as UTC; a pure parse, not a clock read. */
export function optIsoTime(obj: JsonObject, key: string, path: string): number | null {
  const value = optString(obj, key, path);
  if (value === null) return null;
  const ms = isoTimeToMs(value);
  if (ms === null) throw badInput(`${path}.${key}`, 'expected an ISO-8601 time');
  return ms;
}
