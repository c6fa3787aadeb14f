// Preloaded into the measured CLI process (`node --import`): on exit, writes to the file named by
// SV_BENCH_RSS_FILE, in kilobytes, as JSON, the process's peak resident set size and — when the
// process runs with --expose-gc and SV_BENCH_LIVE_HEAP=1 — the largest heap still in use after a
// full collection forced every 50 ms: what the process really holds, without the garbage V8 lets
// pile up between its own collections. (Forcing collections changes the peak RSS, so the two
// figures come from separate runs.)
import { writeFileSync } from 'node:fs';

let liveHeapKb = null;
if (process.env.SV_BENCH_LIVE_HEAP === '1' && typeof globalThis.gc === 'function') {
  liveHeapKb = 0;
  const sample = () => {
    globalThis.gc();
    liveHeapKb = Math.max(liveHeapKb, Math.round(process.memoryUsage().heapUsed / 1024));
  };
  setInterval(sample, 50).unref();
  process.on('beforeExit', sample);
}

process.on('exit', () => {
  if (process.env.SV_BENCH_RSS_FILE)
    writeFileSync(process.env.SV_BENCH_RSS_FILE, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, liveHeapKb }));
});
