// Preloaded into the measured CLI process (`node --import`): on exit, writes to the file named by
// SV_BENCH_RSS_FILE the process's peak resident set size and the largest heap in use just after a
// full garbage collection (what the process really holds, without the garbage V8 lets pile up
// between collections), both in kilobytes, as JSON.
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';

let liveAfterFullGc = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) liveAfterFullGc = Math.max(liveAfterFullGc, process.memoryUsage().heapUsed / 1024);
  }
});
observer.observe({ entryTypes: ['gc'] });

process.on('exit', () => {
  if (process.env.SV_BENCH_RSS_FILE) writeFileSync(process.env.SV_BENCH_RSS_FILE, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, liveHeapKb: Math.round(liveAfterFullGc) }));
});
