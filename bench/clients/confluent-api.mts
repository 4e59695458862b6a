// The part of @confluentinc/kafka-javascript's KafkaJS-compatible API the bench calls, typed
// here because the package is an optional dependency: its native part (librdkafka) is a
// prebuilt download or a local build, and where neither worked the bench reports it missing
// instead of failing to compile.

export interface ConfluentMessage {
  key: Buffer | null;
  value: Buffer | null;
  offset: string;
  headers?: Record<string, unknown>;
}

export interface ConfluentBatchPayload {
  batch: { partition: number; messages: ConfluentMessage[] };
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
}

export interface ConfluentConsumer {
  connect(): Promise<void>;
  subscribe(s: { topics: string[] }): Promise<void>;
  run(
    c:
      | {
          partitionsConsumedConcurrently: number;
          eachBatchAutoResolve: boolean;
          eachBatch: (p: ConfluentBatchPayload) => Promise<void>;
        }
      | { eachMessage: (p: { topic: string; message: ConfluentMessage }) => Promise<void> },
  ): Promise<void>;
  assignment(): { topic: string; partitions: number[] }[];
  /** 'EAGER', 'COOPERATIVE' or 'NONE'. */
  rebalanceProtocol(): string;
  disconnect(): Promise<void>;
}

export interface ConfluentTransaction {
  sendBatch(b: {
    topicMessages: {
      topic: string;
      messages: { key: Buffer | null; value: Buffer; headers: Record<string, string> }[];
    }[];
  }): Promise<unknown>;
  /** rd_kafka_send_offsets_to_transaction with the consumer's group metadata (KIP-447). */
  sendOffsets(a: {
    consumer: ConfluentConsumer;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface ConfluentProducer {
  connect(): Promise<void>;
  transaction(): Promise<ConfluentTransaction>;
  disconnect(): Promise<void>;
}

export interface ConfluentKafka {
  consumer(config: Record<string, unknown>): ConfluentConsumer;
  producer(config: Record<string, unknown>): ConfluentProducer;
}

export interface ConfluentModule {
  librdkafkaVersion: string;
  KafkaJS: {
    Kafka: new (config: Record<string, unknown>) => ConfluentKafka;
    logLevel: { ERROR: number };
  };
}

const PACKAGE: string = '@confluentinc/kafka-javascript';

/** The module, or the reason it cannot be loaded (not installed, native part missing). */
export async function loadConfluent(): Promise<ConfluentModule | Error> {
  try {
    const mod = (await import(PACKAGE)) as { default: ConfluentModule };
    return mod.default;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
