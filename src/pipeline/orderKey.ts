/** Width the S3 sequencer is left-padded to; S3 says to compare sequencers padded to equal length. */
const SEQUENCER_WIDTH = 32;
/** Width of the event time in milliseconds (15 digits reach the year 33658). */
const TIME_WIDTH = 15;

/**
 * The item's ordering key, compared as a string by the conditional write:
 * `<sequencer, upper-case hex, zero-padded to 32>#<event time ms, zero-padded to 15>`.
 * The sequencer decides; the event time breaks ties (LocalStack sends a constant sequencer).
 * @example orderKey('0055AED6DCD90281E5', '2024-01-01T00:00:00.000Z')
 */
export function orderKey(sequencer: string | undefined, eventTime: string | undefined): string {
  const hex = (sequencer ?? '').trim().toUpperCase();
  const safeHex = /^[0-9A-F]*$/.test(hex) ? hex : '';
  const ms = eventTime === undefined ? Number.NaN : Date.parse(eventTime);
  const time = Number.isFinite(ms) && ms >= 0 ? Math.trunc(ms) : 0;
  return `${safeHex.padStart(SEQUENCER_WIDTH, '0')}#${String(time).padStart(TIME_WIDTH, '0')}`;
}
