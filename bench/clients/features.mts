// What each client offers for our guarantees and for faster recovery, with the API that is the
// evidence; the last three are also probed on the broker (probes.mts), the first three are
// exercised by every measured run (the loops in this folder).
import type { ClientName } from './contract.mts';

export interface Features {
  transactions: string;
  sendOffsetsToTransaction: string;
  readCommitted: string;
  cooperativeRebalance: string;
  staticMembership: string;
  kip848ConsumerProtocol: string;
}

export const FEATURES: Record<ClientName, Features> = {
  kafkajs: {
    transactions: 'yes: producer({ transactionalId }).transaction(), commit(), abort()',
    sendOffsetsToTransaction:
      'yes, without KIP-447: transaction.sendOffsets({ consumerGroupId }) (no generation or member id: fencing only by a fixed transactional id per input partition)',
    readCommitted: 'yes: consumer({ readUncommitted: false })',
    cooperativeRebalance:
      'no: eager JoinGroup/SyncGroup only (partitionAssigners cannot revoke incrementally)',
    staticMembership: 'no: ConsumerConfig has no groupInstanceId',
    kip848ConsumerProtocol: 'no: classic group protocol only',
  },
  platformatic: {
    transactions:
      'yes: new Producer({ transactionalId, idempotent }).beginTransaction(), commit(), abort()',
    sendOffsetsToTransaction:
      'yes, KIP-447: transaction.addConsumer(consumer) + addOffset(message) (TxnOffsetCommit with generationId and memberId)',
    readCommitted:
      'yes: Consumer({ isolationLevel: FetchIsolationLevels.READ_COMMITTED }) (the default)',
    cooperativeRebalance:
      "yes: protocols: [{ name: 'cooperative-sticky' }] (classic), or groupProtocol 'consumer'",
    staticMembership: 'yes: Consumer({ groupInstanceId })',
    kip848ConsumerProtocol: "yes: Consumer({ groupProtocol: 'consumer' }) (ConsumerGroupHeartbeat)",
  },
  confluent: {
    transactions:
      "yes: producer({ kafkaJS: { transactionalId } }).transaction() (librdkafka's init/begin/commit_transaction)",
    sendOffsetsToTransaction:
      'yes, KIP-447: transaction.sendOffsets({ consumer }) (rd_kafka_send_offsets_to_transaction with the consumer group metadata)',
    readCommitted:
      "yes: 'isolation.level': 'read_committed' (kafkaJS readUncommitted: false; librdkafka's default)",
    cooperativeRebalance:
      "yes: 'partition.assignment.strategy': 'cooperative-sticky' (consumer.rebalanceProtocol() tells)",
    staticMembership: "yes: 'group.instance.id'",
    kip848ConsumerProtocol: "yes: 'group.protocol': 'consumer'",
  },
};
