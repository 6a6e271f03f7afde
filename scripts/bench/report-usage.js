'use strict';
// Preloaded into benchmarked processes: at exit, writes the process's CPU time (user + system,
// seconds) and peak RSS (KB) as JSON to the file named by BENCH_USAGE_FILE.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  if (!process.env.BENCH_USAGE_FILE) return;
  const usage = process.resourceUsage();
  writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, maxRssKb: usage.maxRSS }));
});
