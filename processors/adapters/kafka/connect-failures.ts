// A refused connection that retrying cannot fix, said in the user's terms: a SASL login the
// broker rejected (mechanism and user named, never the password) or a TLS certificate that
// is not trusted (the CA setting named). Anything else is left to the caller's handling.
import { WaiError } from '../../domain/errors.js';
import { isUntrustedCertificate } from '../tls-errors.js';
import { chain } from './kafka-errors.js';
import type { KafkaSasl } from './security.js';

export function connectFailure(
  err: unknown,
  brokers: readonly string[],
  sasl: KafkaSasl | null | undefined,
): WaiError | null {
  const links = chain(err);
  const where = brokers.join(',');
  if (links.some((l) => l.name === 'KafkaJSSASLAuthenticationError')) {
    const mechanism = sasl?.mechanism.toUpperCase() ?? 'SASL';
    const user = sasl?.username ?? '?';
    return new WaiError(
      'WAI_CONFIG',
      `Kafka ${where} refused SASL ${mechanism} login of user "${user}": check WAI_KAFKA_SASL_USERNAME and the password`,
      { field: 'WAI_KAFKA_SASL_PASSWORD' },
    );
  }
  const tls = links.find((l) => isUntrustedCertificate(l.code));
  if (tls !== undefined) {
    return new WaiError(
      'WAI_CONFIG',
      `TLS to Kafka ${where} failed: the broker's certificate is not trusted (${String(tls.code)}): check WAI_KAFKA_TLS_CA_FILE (and WAI_KAFKA_TLS_SERVERNAME)`,
      { field: 'WAI_KAFKA_TLS_CA_FILE' },
    );
  }
  return null;
}

/** Makes `client.connect()` reject with connectFailure's error where it applies. */
export function translatingConnect<T extends { connect(): Promise<void> }>(
  client: T,
  brokers: readonly string[],
  sasl: KafkaSasl | null | undefined,
): T {
  const connect = client.connect.bind(client);
  client.connect = async () => {
    try {
      await connect();
    } catch (err) {
      throw connectFailure(err, brokers, sasl) ?? err;
    }
  };
  return client;
}
