// A fix to kafkajs 2.2.4, applied once when the Kafka adapter loads (kafkajs is not
// maintained any more; upstream issues tulios/kafkajs#1751 and #1704, open).
//
// RequestQueue.scheduleCheckPendingRequests computes `throttledUntil - Date.now()`, and
// `throttledUntil` is -1 until a broker throttles: with nothing pending it schedules a check at
// a negative delay. Node 24 prints a TimeoutNegativeWarning for it (every command that talks
// to Kafka printed one), and the check re-schedules itself at 1 ms for as long as the queue
// is idle. With nothing pending and no throttle to wait for there is nothing to check: a
// request pushed later schedules its own check.
import { createRequire } from 'node:module';

interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
}

interface RequestQueueClass {
  prototype: RequestQueueInternals & {
    scheduleCheckPendingRequests: (this: RequestQueueInternals) => void;
  };
}

const require = createRequire(import.meta.url);
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as RequestQueueClass;
const schedule = RequestQueue.prototype.scheduleCheckPendingRequests;

RequestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
  if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
  schedule.call(this);
};
