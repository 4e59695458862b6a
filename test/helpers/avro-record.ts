// avsc types as records, checked: a schema that is not a record fails the test by name.
import type avro from 'avsc';

function isRecord(type: avro.Type): type is avro.types.RecordType {
  return type.typeName === 'record';
}

export function asRecord(type: avro.Type, what = 'schema'): avro.types.RecordType {
  if (!isRecord(type)) throw new Error(`${what} is a ${type.typeName}, not a record`);
  return type;
}
