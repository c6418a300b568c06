import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import * as gatewayOverhead from './gateway-overhead';
import { generateCity } from './generate';
import type { BenchContext } from './lib/context';
import { startBenchPlatform } from './lib/platform';
import { SERVICES } from './lib/services';
import { machineInfo, writeReport, type BenchRow, type ReportSection } from './lib/report';

/**
 * `npm run bench`: starts the platform as separate processes on its own databases, runs every
 * benchmark, and writes bench/results/latest.{md,json} and the figures in bench/README.md.
 *   --households N   size of the generated data set (default 2000; Deyang is 180000)
 *   --duration S     seconds of load per measurement (default 10)
 *   --connections C  concurrent connections (default 16)
 *   --only a,b       run only these benchmarks
 *   --issues N       open issues in the SLA benchmark (default 2000; the target is 100000)
 */
interface BenchModule {
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

const generate: BenchModule = {
  async run(ctx) {
    const city = await generateCity(ctx.platform, { households: ctx.households, postingsPerHousehold: 5, seed: ctx.seed });
    return [
      { benchmark: 'data generator', metric: `import ${city.households.toLocaleString()} households (${city.people.toLocaleString()} people) through importHouseholds`, value: Math.round(city.households / city.importSeconds), unit: 'households/s' },
      {
        benchmark: 'data generator', metric: `${city.entries.toLocaleString()} ledger entries through bulkPostPoints, one call per village`, value: Math.round(city.entries / city.postingSeconds), unit: 'entries/s',
        note: `about ${Math.round(city.households / city.villages.size)} households a call, as village cadres post; the bulk posting target (1,000 households a call, against raw INSERTs) is the points benchmark's`,
      },
    ];
  },
};

const BENCHMARKS: Array<[string, BenchModule]> = [
  ['gateway-overhead', gatewayOverhead],
  ['generate', generate],
];

/**
 * Benchmarks that need a platform of their own (their own databases and data shapes) run as
 * separate commands; their output goes into the report as it is.
 */
const STANDALONE: Array<[string, (s: { households: number; durationSeconds: number; issues: number }) => string[]]> = [
  ['points', (s) => ['bench/dist/points.js', '--duration', String(s.durationSeconds)]],
  // Reminders arrive at ~333/s at --issues 100000 (600 s window); the default stays quick.
  ['issues-sla', (s) => ['bench/dist/issues-sla.js', '--issues', String(s.issues), '--window', String(Math.max(20, Math.round(s.issues * 0.006)))]],
  ['mall', (s) => ['bench/dist/mall.js', '--duration', String(s.durationSeconds)]],
  ['credit', (s) => ['bench/dist/credit.js', '--households', String(Math.max(s.households, 180_000))]],
];

const DEFAULT_ISSUES = 2000;

/** The report section a standalone run fills: the SLA run at another scale keeps its own, so the default run leaves the 100,000-issue figures in place. */
function sectionName(name: string, settings: { issues: number }): string {
  return name === 'issues-sla' && settings.issues !== DEFAULT_ISSUES ? `issues-sla (${settings.issues.toLocaleString('en-US')} open issues)` : name;
}

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
    issues: Number(arg('issues', String(DEFAULT_ISSUES))),
  };
  const only = arg('only', '').split(',').filter(Boolean);
  const selected = (name: string) => !only.length || only.includes(name);
  // The table (and the memory rows under it) come from the shared platform; a run of standalone benchmarks only leaves it as it was.
  let rows: BenchRow[] | null = null;
  if (BENCHMARKS.some(([name]) => selected(name))) {
    console.log(`bench: starting the platform (${SERVICES.map((s) => s.name).join(', ')}, gateway)...`);
    const platform = await startBenchPlatform({ services: SERVICES });
    rows = [];
    try {
      const ctx: BenchContext = { platform, ...settings };
      for (const [name, bench] of BENCHMARKS) {
        if (!selected(name)) continue;
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
  }
  const sections: ReportSection[] = [];
  for (const [name, command] of STANDALONE) {
    if (!selected(name)) continue;
    console.log(`bench: ${name} (own platform)...`);
    const result = spawnSync(process.execPath, command(settings), { cwd: join(__dirname, '..', '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(result.stdout);
    const title = sectionName(name, settings);
    sections.push({ name: title, markdown: `### ${title}\n\n\`node ${command(settings).join(' ')}\`\n\n${result.status === 0 ? result.stdout.trim() : `failed (exit ${result.status})`}` });
  }
  const md = writeReport(join(__dirname, '..'), rows, machineInfo(settings), sections);
  console.log(`\n${md}\n\nWritten to bench/results/latest.md and latest.json.`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
