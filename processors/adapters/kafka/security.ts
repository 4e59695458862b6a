// Secure-connection settings of the Kafka clients, as the one factory (client.ts) takes them.
/** SASL credentials (the password never reaches a log line). */
export interface KafkaSasl {
  readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

/** TLS to the brokers; PEM contents where given, else the system's trust store. */
export interface KafkaTls {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly servername?: string;
}
