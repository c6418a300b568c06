import { join } from 'node:path';
import * as gatewayOverhead from './gateway-overhead';
import type { BenchContext } from './lib/context';
import { startBenchPlatform } from './lib/platform';
import { SERVICES } from './lib/services';
import { machineInfo, writeReport, type BenchRow } from './lib/report';

/**
 * `npm run bench`: starts the platform as separate processes on its own databases, runs every
 * benchmark, and writes bench/results/latest.{md,json} and the figures in bench/README.md.
 *   --households N   size of the generated data set (default 2000; Deyang is 180000)
 *   --duration S     seconds of load per measurement (default 10)
 *   --connections C  concurrent connections (default 16)
 *   --only a,b       run only these benchmarks
 */
interface BenchModule {
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

const BENCHMARKS: Array<[string, BenchModule]> = [['gateway-overhead', gatewayOverhead]];


function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main() {
  const settings = {
    households: Number(arg('households', '2000')),
    durationSeconds: Number(arg('duration', '10')),
    connections: Number(arg('connections', '16')),
    seed: Number(arg('seed', '42')),
  };
  const only = arg('only', '').split(',').filter(Boolean);
  console.log(`bench: starting the platform (${SERVICES.map((s) => s.name).join(', ')}, gateway)...`);
  const platform = await startBenchPlatform({ services: SERVICES });
  const rows: BenchRow[] = [];
  try {
    const ctx: BenchContext = { platform, ...settings };
    for (const [name, bench] of BENCHMARKS) {
      if (only.length && !only.includes(name)) continue;
      console.log(`bench: ${name}...`);
      const started = Date.now();
      const produced = await bench.run(ctx);
      rows.push(...produced);
      for (const r of produced) console.log(`  ${r.metric}: ${r.value} ${r.unit}${r.ratio !== undefined ? ` (${(r.ratio * 100).toFixed(0)}% of ${r.baseline?.label})` : ''}`);
      console.log(`  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    for (const [process, mib] of Object.entries(platform.residentMemory())) {
      rows.push({ benchmark: 'memory', metric: `${process} resident after the runs above`, value: mib, unit: 'MiB', target: '< 250 MB', met: mib * 1.048576 < 250 });
    }
  } finally {
    await platform.stop();
  }
  const md = writeReport(join(__dirname, '..'), rows, machineInfo(settings));
  console.log(`\n${md}\n\nWritten to bench/results/latest.md and latest.json.`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
