import { UsageError } from '@scaivault/core';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|([+-])(\d{2}):(\d{2}))$/;

/** A point in time from the command line: what is sent to the API and when it is. */
export interface TimeBound {
  /** An ISO 8601 timestamp; a bare date becomes midnight UTC at its start. */
  text: string;
  /** Milliseconds since the epoch, for ordering checks. */
  ms: number;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/**
 * Parses `--start`/`--end`: a date `YYYY-MM-DD` (midnight UTC) or a full ISO 8601 timestamp with
 * seconds and a zone (`2026-04-22T09:30:00Z`, `2026-04-22T11:30:00.5+02:00`). Anything else —
 * `yesterday`, a date without its zone, 2026-02-30 — is a usage error naming the flag.
 */
export function parseTimeBound(value: string, flag: string): TimeBound {
  const invalid = () =>
    new UsageError(
      `invalid ${flag} ${JSON.stringify(value)}`,
      'use a date (2026-04-22) or an ISO 8601 timestamp with a zone (2026-04-22T09:30:00Z)',
    );
  const date = DATE.exec(value);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!validDate(year, month, day)) throw invalid();
    const text = `${date[1]}-${date[2]}-${date[3]}T00:00:00Z`;
    return { text, ms: Date.UTC(year, month - 1, day) };
  }
  const stamp = TIMESTAMP.exec(value);
  if (!stamp) throw invalid();
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(stamp[i]));
  if (!validDate(year!, month!, day!) || hour! > 23 || minute! > 59 || second! > 59) throw invalid();
  let offsetMinutes = 0;
  if (stamp[8] !== 'Z') {
    const [offsetHours, offsetMins] = [Number(stamp[10]), Number(stamp[11])];
    if (offsetHours > 23 || offsetMins > 59) throw invalid();
    offsetMinutes = (stamp[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const fraction = stamp[7] ? Math.floor(Number(`0${stamp[7]}`) * 1000) : 0;
  const ms = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, fraction) - offsetMinutes * 60_000;
  return { text: value, ms };
}

/** `--start` and `--end` together: each optional, and the end after the start. */
export function parseWindow(start: string | undefined, end: string | undefined): { from?: string; to?: string } {
  const from = start === undefined ? undefined : parseTimeBound(start, '--start');
  const to = end === undefined ? undefined : parseTimeBound(end, '--end');
  if (from && to && to.ms <= from.ms)
    throw new UsageError(`--end ${end} is not after --start ${start}`, 'the window includes --start and ends just before --end');
  return { ...(from ? { from: from.text } : {}), ...(to ? { to: to.text } : {}) };
}
