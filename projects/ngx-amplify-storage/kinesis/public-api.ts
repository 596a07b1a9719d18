/*
 * ngx-amplify-storage/kinesis: sends the library's tracking events to an Amazon Kinesis data
 * stream. A separate entry point, so that apps that do not track pay nothing for it.
 */
export * from './kinesis-sink';
export * from './kinesis-sink-options';
export { PUT_RECORDS_LIMITS, KEEPALIVE_BODY_LIMIT } from './record-buffer';
