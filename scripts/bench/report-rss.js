// Preloaded into benchmarked processes: reports peak RSS (KB) on exit to the file named by BENCH_RSS_FILE.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
