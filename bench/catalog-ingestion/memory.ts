/**
 * Peak memory of this process while something runs, sampled every `everyMs`
 * (a synchronous loop is only seen at its end: maxRssMb, the kernel's
 * high-water mark, sees everything).
 */
export function memorySampler(everyMs = 10) {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage();
  const peak = { rss: base.rss, heapUsed: base.heapUsed };
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peak.rss) peak.rss = m.rss;
    if (m.heapUsed > peak.heapUsed) peak.heapUsed = m.heapUsed;
  };
  const timer = setInterval(sample, everyMs);
  return {
    /** MB: the baseline after a GC, the peaks, and the peak increase over the baseline. */
    stop() {
      sample();
      clearInterval(timer);
      const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
      return {
        baseRssMb: mb(base.rss),
        peakRssMb: mb(peak.rss),
        rssGrowthMb: mb(peak.rss - base.rss),
        baseHeapMb: mb(base.heapUsed),
        peakHeapMb: mb(peak.heapUsed),
        heapGrowthMb: mb(peak.heapUsed - base.heapUsed),
        /** The kernel's high-water mark of the process (sees peaks between samples). */
        maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
      };
    },
  };
}
export type MemoryFigures = ReturnType<
  ReturnType<typeof memorySampler>['stop']
>;
