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

const FIGURES_START = '<!-- figures:start -->';
const FIGURES_END = '<!-- figures:end -->';

/** A benchmark's own part of the report: `### name`, then whatever it printed. */
export interface ReportSection {
  name: string;
  markdown: string;
}

/** The figures block as it stands: the table, then the `### name` sections in order. */
function splitFigures(block: string): { table: string; sections: ReportSection[] } {
  const parts = block.split(/^### /m);
  const sections = parts.slice(1).map((part) => {
    const newline = part.indexOf('\n');
    return { name: part.slice(0, newline).trim(), markdown: `### ${part.trim()}` };
  });
  return { table: parts[0].trim(), sections };
}

/**
 * Writes bench/results/latest.{md,json} and the figures block of bench/README.md. A partial run
 * (`--only`) replaces only what it measured: the table when `rows` is given, and the sections
 * it ran by name; the rest stays as the last run that measured it left it (each part says when
 * and at which commit).
 */
export function writeReport(benchRoot: string, rows: BenchRow[] | null, machine: ReturnType<typeof machineInfo>, sections: ReportSection[] = []): string {
  const readme = join(benchRoot, 'README.md');
  const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
  const hasBlock = text.includes(FIGURES_START) && text.includes(FIGURES_END);
  const previous = splitFigures(hasBlock ? text.slice(text.indexOf(FIGURES_START) + FIGURES_START.length, text.indexOf(FIGURES_END)) : '');
  const merged = [...previous.sections];
  for (const section of sections) {
    const at = merged.findIndex((s) => s.name === section.name);
    if (at >= 0) merged[at] = section;
    else merged.push(section);
  }
  const table = rows ? toMarkdown(rows, machine) : previous.table;
  const md = [table, ...merged.map((s) => s.markdown)].filter(Boolean).join('\n\n');
  mkdirSync(join(benchRoot, 'results'), { recursive: true });
  writeFileSync(join(benchRoot, 'results', 'latest.md'), md + '\n');
  const jsonPath = join(benchRoot, 'results', 'latest.json');
  const previousJson = rows || !existsSync(jsonPath) ? null : JSON.parse(readFileSync(jsonPath, 'utf8'));
  writeFileSync(jsonPath, JSON.stringify(previousJson ? { machine: previousJson.machine, rows: previousJson.rows } : { machine, rows: rows ?? [] }, null, 2) + '\n');
  if (hasBlock) writeFileSync(readme, `${text.slice(0, text.indexOf(FIGURES_START) + FIGURES_START.length)}\n${md}\n${text.slice(text.indexOf(FIGURES_END))}`);
  return md;
}
