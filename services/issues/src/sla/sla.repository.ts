import { In, type EntityManager } from 'typeorm';
import { IssueEscalationEntity, SlaReminderEntity } from './sla.entity';

/**
 * `(issue_id = ? AND kind = ?) OR …`: a range on the primary key for any count. Not the row
 * constructor `(issue_id, kind) IN ((?, ?))`: with one element MariaDB 10.11 plans an UPDATE with
 * it as a full index scan, locking every row of the table (and deadlocking with the next batch).
 */
function keyMatch(n: number): string {
  return Array(n).fill('(issue_id = ? AND kind = ?)').join(' OR ');
}

export class SlaRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Inserts or re-arms reminders (a reopened issue's rating reminders start again). */
  async upsertReminders(rows: SlaReminderEntity[]): Promise<void> {
    for (const r of rows) {
      await this.manager.query(
        `INSERT INTO sla_reminder (issue_id, kind, county_code, fire_at, status, fired_at) VALUES (?, ?, ?, ?, 'PENDING', NULL)
         ON DUPLICATE KEY UPDATE fire_at = VALUES(fire_at), status = 'PENDING', fired_at = NULL`,
        [r.issueId, r.kind, r.countyCode, r.fireAt],
      );
    }
  }

  /**
   * Locks the rows of a batch: record locks on the primary key, in key order. Concurrent firings
   * of one reminder (job + sweeper, a retried job) queue here.
   */
  async lockManyForFiring(refs: ReadonlyArray<{ issueId: string; kind: string }>): Promise<Array<Pick<SlaReminderEntity, 'issueId' | 'kind' | 'status' | 'fireAt'>>> {
    if (!refs.length) return [];
    const rows: Array<{ issue_id: string; kind: string; status: string; fire_at: Date | string }> = await this.manager.query(
      `SELECT issue_id, kind, status, fire_at FROM sla_reminder WHERE ${keyMatch(refs.length)} ORDER BY issue_id, kind FOR UPDATE`,
      refs.flatMap((r) => [r.issueId, r.kind]),
    );
    return rows.map((r) => ({ issueId: r.issue_id, kind: r.kind, status: r.status, fireAt: new Date(r.fire_at) }));
  }

  async markFiredMany(refs: ReadonlyArray<{ issueId: string; kind: string }>, at: Date): Promise<void> {
    if (!refs.length) return;
    await this.manager.query(
      `UPDATE sla_reminder SET status = 'FIRED', fired_at = ? WHERE (${keyMatch(refs.length)}) AND status = 'PENDING'`,
      [at, ...refs.flatMap((r) => [r.issueId, r.kind])],
    );
  }

  /** Cancels what is pending among `kinds`; returns the kinds cancelled. */
  async cancelPending(issueId: string, kinds: (kind: string) => boolean): Promise<string[]> {
    const rows = await this.manager.find(SlaReminderEntity, { where: { issueId, status: 'PENDING' } });
    const cancel = rows.filter((r) => kinds(r.kind)).map((r) => r.kind);
    if (cancel.length) await this.manager.update(SlaReminderEntity, { issueId, kind: In(cancel), status: 'PENDING' }, { status: 'CANCELLED' });
    return cancel;
  }

  remindersOf(issueIds: readonly string[]): Promise<SlaReminderEntity[]> {
    return issueIds.length ? this.manager.findBy(SlaReminderEntity, { issueId: In([...issueIds]) }) : Promise.resolve([]);
  }

  /** Pending reminders of a county due before `until`, oldest first. */
  pendingBefore(countyCode: string, until: Date, limit: number): Promise<SlaReminderEntity[]> {
    return this.manager
      .createQueryBuilder(SlaReminderEntity, 'r')
      .where('r.county_code = :countyCode AND r.status = :status AND r.fire_at <= :until', { countyCode, status: 'PENDING', until })
      .orderBy('r.fire_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Keyset page of pending reminders due after `after`, for re-creating lost wake-up calls. */
  async pendingAfter(countyCode: string, after: Date, cursor: { fireAt: Date; issueId: string; kind: string } | null, limit: number): Promise<SlaReminderEntity[]> {
    const params: unknown[] = [countyCode, after];
    let keyset = '';
    if (cursor) {
      keyset = 'AND (fire_at, issue_id, kind) > (?, ?, ?)';
      params.push(cursor.fireAt, cursor.issueId, cursor.kind);
    }
    const rows: Array<{ issue_id: string; kind: string; county_code: string; fire_at: Date | string }> = await this.manager.query(
      `SELECT issue_id, kind, county_code, fire_at FROM sla_reminder
        WHERE county_code = ? AND status = 'PENDING' AND fire_at > ? ${keyset}
        ORDER BY fire_at, issue_id, kind LIMIT ${Number(limit)}`,
      params,
    );
    return rows.map((r) => ({ issueId: r.issue_id, kind: r.kind, countyCode: r.county_code, fireAt: new Date(r.fire_at), status: 'PENDING', firedAt: null }));
  }

  async insertEscalations(rows: IssueEscalationEntity[]): Promise<void> {
    if (!rows.length) return;
    await this.manager.query(
      `INSERT INTO issue_escalation (issue_id, township_code, village_code, due_at, escalated_at) VALUES ${rows.map(() => '(?,?,?,?,?)').join(',')}`,
      rows.flatMap((r) => [r.issueId, r.townshipCode, r.villageCode, r.dueAt, r.escalatedAt]),
    );
  }

  escalations(prefix: string, limit: number): Promise<IssueEscalationEntity[]> {
    return this.manager
      .createQueryBuilder(IssueEscalationEntity, 'e')
      .where('e.village_code LIKE :p', { p: `${prefix}%` })
      .orderBy('e.escalated_at', 'DESC')
      .limit(limit)
      .getMany();
  }
}
