import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Reads chart.js's self-contained UMD build from node_modules, to inline into the HTML report. */
export async function readChartJsSource(): Promise<string> {
  // The package exports no subpath for the UMD file; it sits beside the CommonJS entry point.
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return readFile(path.join(path.dirname(entry), 'chart.umd.min.js'), 'utf8');
}
