import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/** One measured figure; `baseline` and `ratio` when it is compared with something measured in the same run. */
export interface BenchRow {
  benchmark: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: { label: string; value: number };
  /** value / baseline (or as stated in `target`). */
  ratio?: number;
  target?: string;
  /** Whether the target is met; undefined when there is no target. */
  met?: boolean;
  note?: string;
}

function safe(cmd: string): string {
  try {
    return execSync(cmd, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}

export function machineInfo(settings: Record<string, unknown>) {
  return {
    date: new Date().toISOString(),
    commit: safe('git rev-parse --short HEAD'),
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    mariadb: safe(`mysql -h127.0.0.1 -uroot -N -e "select version()"`),
    redis: safe('redis-server --version').split(' ').find((p) => p.startsWith('v='))?.slice(2) ?? 'unknown',
    settings,
  };
}

function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function toMarkdown(rows: BenchRow[], machine: ReturnType<typeof machineInfo>): string {
  const lines = [
    `Measured ${machine.date} on ${machine.cpus}, ${machine.memoryGiB} GiB, Node ${machine.node}, MariaDB ${machine.mariadb}, Redis ${machine.redis}, commit ${machine.commit}.`,
    `Settings: ${Object.entries(machine.settings).map(([k, v]) => `${k}=${v}`).join(', ')}.`,
    '',
    '| benchmark | metric | value | baseline (same run) | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.benchmark} | ${r.metric} | ${fmt(r.value)} ${r.unit} | ${r.baseline ? `${r.baseline.label}: ${fmt(r.baseline.value)} ${r.unit}` : ''} | ${r.ratio !== undefined ? `${(r.ratio * 100).toFixed(0)}%` : ''} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`,
    );
  }
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.benchmark} / ${r.metric}: ${r.note}`);
  if (notes.length) lines.push('', ...notes);
  return lines.join('\n');
}

/** Writes bench/results/latest.{md,json} and the figures section of bench/README.md. */
export function writeReport(benchRoot: string, rows: BenchRow[], machine: ReturnType<typeof machineInfo>, sections: string[] = []): string {
  const md = [toMarkdown(rows, machine), ...sections].join('\n\n');
  mkdirSync(join(benchRoot, 'results'), { recursive: true });
  writeFileSync(join(benchRoot, 'results', 'latest.md'), md + '\n');
  writeFileSync(join(benchRoot, 'results', 'latest.json'), JSON.stringify({ machine, rows }, null, 2) + '\n');
  const readme = join(benchRoot, 'README.md');
  if (existsSync(readme)) {
    const text = readFileSync(readme, 'utf8');
    const start = '<!-- figures:start -->';
    const end = '<!-- figures:end -->';
    if (text.includes(start) && text.includes(end)) {
      writeFileSync(readme, `${text.slice(0, text.indexOf(start) + start.length)}\n${md}\n${text.slice(text.indexOf(end))}`);
    }
  }
  return md;
}
