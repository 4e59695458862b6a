// What the integration tier runs against: external services, containers or local JVMs.
export interface TestStack {
  kind: 'external' | 'containers' | 'local';
  brokers: string[];
  registryUrl: string;
  /** One line for the test log: what runs and which versions. */
  description: string;
  stop(): Promise<void>;
}
