// Which metrics a study keeps. Portable (no Node imports).

/** Whether a metric id passes the filter: exact ids, or `base.*` for every kind of a by-kind metric; no filter keeps all. */
export function metricSelected(metric: string, filter: readonly string[] | undefined): boolean {
  if (!filter) return true;
  for (const wanted of filter) {
    if (wanted === metric) return true;
    if (wanted.endsWith(".*") && metric.startsWith(wanted.slice(0, -1))) return true;
  }
  return false;
}
