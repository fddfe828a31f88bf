export * from './catalog';
export { EventDataError, recordEvent, recordEvents, type RecordEventInput } from './record-event';
export * from './read-events';
export * from './subscriber';

/** NOTIFY channel: a statement that inserts events wakes the workers' subscribers (migration *_domain_events). */
export const EVENTS_CHANNEL = 'paluu_domain_events';
