import { In, type EntityManager } from 'typeorm';
import { IssueEscalationEntity, SlaReminderEntity } from './sla.entity';

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

  /** Locks the row: concurrent firings of one reminder (job + sweeper, a retried job) queue here. */
  async lockForFiring(issueId: string, kind: string): Promise<Pick<SlaReminderEntity, 'status' | 'fireAt'> | null> {
    const rows: Array<{ status: string; fire_at: Date | string }> = await this.manager.query(
      'SELECT status, fire_at FROM sla_reminder WHERE issue_id = ? AND kind = ? FOR UPDATE',
      [issueId, kind],
    );
    return rows[0] ? { status: rows[0].status, fireAt: new Date(rows[0].fire_at) } : null;
  }

  async markFired(issueId: string, kind: string, at: Date): Promise<void> {
    await this.manager.query("UPDATE sla_reminder SET status = 'FIRED', fired_at = ? WHERE issue_id = ? AND kind = ? AND status = 'PENDING'", [at, issueId, kind]);
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

  async insertEscalation(row: IssueEscalationEntity): Promise<void> {
    await this.manager.insert(IssueEscalationEntity, row);
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
