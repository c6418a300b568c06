import { ProcessPlatform } from '../support/process-platform';
import { sleep } from '../support/wait';
import { prepareFixture } from './fixture';
import { checkInvariants, formatInvariants, settle, type InvariantResult } from './invariants';
import { MixedLoad, type LoadReport } from './journeys';

export interface SoakOptions {
  seconds: number;
  /** Concurrent virtual users (villagers, with cadres and the bank answering them). */
  users: number;
  seed: number;
  /** Where progress and the report go (default: stdout). */
  write?: (text: string) => void;
}

export interface SoakResult {
  report: LoadReport;
  invariants: InvariantResult[];
  text: string;
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(2)}%` : '0%');

export function formatSoak(report: LoadReport, invariants: InvariantResult[]): string {
  const lines = [`soak: ${report.seconds} s of mixed load, ${report.totalOperations} operations (${(report.totalOperations / Math.max(1, report.seconds)).toFixed(1)}/s)`, 'operations by kind:'];
  for (const [op, n] of Object.entries(report.operations)) lines.push(`  ${op.padEnd(22)} ${n}`);
  lines.push('errors by code:');
  if (!Object.keys(report.errors).length) lines.push('  (none)');
  for (const [code, n] of Object.entries(report.errors)) lines.push(`  ${code.padEnd(22)} ${n}`);
  lines.push(`error rate: ${pct(report.erroredOperations, report.totalOperations)} of operations answered with an error (business refusals included)`);
  lines.push(`failure rate: ${pct(report.failedOperations, report.totalOperations)} of operations with an unknown outcome (transport, internal, unavailable)`);
  lines.push('journeys (started / completed / refused / abandoned):');
  for (const [kind, t] of Object.entries(report.journeys)) if (t.started) lines.push(`  ${kind.padEnd(10)} ${t.started} / ${t.completed} / ${t.refused} / ${t.abandoned}`);
  for (const a of report.abandoned.slice(0, 10)) lines.push(`  abandoned: ${a}`);
  for (const v of report.violations) lines.push(`  VIOLATION: ${v}`);
  lines.push('invariants:', formatInvariants(invariants));
  return lines.join('\n');
}

/**
 * A bounded mixed load on the platform as separate processes: villagers redeem, file
 * applications, raise matters and ask for loans; cadres approve, answer and hand goods over;
 * the bank reads credit references under consent. Then the platform settles and every
 * invariant is checked.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const write = options.write ?? ((t: string) => process.stdout.write(`${t}\n`));
  const p = await ProcessPlatform.start();
  try {
    const fixture = await prepareFixture(p);
    const load = new MixedLoad(p, fixture, { seed: options.seed, users: options.users, weights: { redeem: 3, approve: 3, raise: 2, bank: 1 } });
    write(`soak: ${options.users} users for ${options.seconds} s (platform ${p.runId}, seed ${options.seed})`);
    load.start();
    const end = Date.now() + options.seconds * 1000;
    while (Date.now() < end) {
      await sleep(Math.min(30_000, end - Date.now()));
      const r = load.report();
      if (Date.now() < end) write(`  ${r.seconds} s: ${r.totalOperations} operations, ${r.erroredOperations} errors, ${r.failedOperations} failures`);
    }
    const report = await load.stop();
    await settle(p);
    const invariants = await checkInvariants(p, fixture);
    const text = formatSoak(report, invariants);
    write(text);
    return { report, invariants, text };
  } finally {
    await p.stop();
  }
}
