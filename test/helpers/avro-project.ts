// What a reader should see of a value another version wrote: the writer's value projected on
// the reader's schema, at every depth (nested records included): fields the reader lacks are
// dropped, fields the writer lacks take the reader's default. Plain JSON-able values out, so a
// test compares it with the decoded value as JSON.
import avro from 'avsc';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function projectOnReader(value: unknown, reader: avro.Type): Json {
  if (value === null || value === undefined) return null;
  if (reader instanceof avro.types.RecordType) {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      reader.fields.map((f) => [
        f.name,
        f.name in obj ? projectOnReader(obj[f.name], f.type) : toJson(f.defaultValue()),
      ]),
    );
  }
  if (reader instanceof avro.types.ArrayType) {
    const items: avro.Type = reader.itemsType;
    return (value as unknown[]).map((v) => projectOnReader(v, items));
  }
  if (reader instanceof avro.types.MapType) {
    const values = reader.valuesType as avro.Type;
    const entries = Object.entries(value as Record<string, unknown>);
    return Object.fromEntries(entries.map(([k, v]) => [k, projectOnReader(v, values)]));
  }
  if (reader instanceof avro.types.UnwrappedUnionType) {
    // Nullable unions only in this product: the non-null branch reads the value.
    const branch = reader.types.find((t) => t.typeName !== 'null');
    return branch === undefined ? null : projectOnReader(value, branch);
  }
  return toJson(value);
}

export function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}
