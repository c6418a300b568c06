import type { EntityManager } from 'typeorm';
import type { ApplicationRow, ApplicationStatus } from './application.entity';

function toRow(r: any): ApplicationRow {
  return {
    id: r.id, householdId: r.household_id, villageCode: r.village_code, itemId: r.item_id, itemCode: r.item_code, note: r.note,
    evidence: typeof r.evidence === 'string' ? JSON.parse(r.evidence) : r.evidence, status: r.status, applicantId: r.applicant_id,
    idempotencyKey: r.idempotency_key, decidedBy: r.decided_by, decidedAt: r.decided_at, decisionReason: r.decision_reason,
    entryId: r.entry_id, createdAt: r.created_at,
  };
}

export class ApplicationRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(a: ApplicationRow): Promise<void> {
    await this.manager.query(
      `INSERT INTO application (id, household_id, village_code, item_id, item_code, note, evidence, status, applicant_id, idempotency_key,
         decided_by, decided_at, decision_reason, entry_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      [a.id, a.householdId, a.villageCode, a.itemId, a.itemCode, a.note, JSON.stringify(a.evidence), a.status, a.applicantId,
        a.idempotencyKey, a.decidedBy, a.decidedAt, a.decisionReason, a.entryId, a.createdAt],
    );
  }

  async find(id: string, lock = false): Promise<ApplicationRow | null> {
    const [row] = await this.manager.query(`SELECT * FROM application WHERE id = ? ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return row ? toRow(row) : null;
  }

  async findByKey(key: string): Promise<ApplicationRow | null> {
    const [row] = await this.manager.query('SELECT * FROM application WHERE idempotency_key = ?', [key]);
    return row ? toRow(row) : null;
  }

  async decide(id: string, status: ApplicationStatus, by: string, at: Date, reason: string | null, entryId: string | null): Promise<void> {
    await this.manager.query(
      'UPDATE application SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ?, entry_id = ? WHERE id = ?',
      [status, by, at, reason, entryId, id],
    );
  }

  /** Newest first. */
  async page(where: { villageCode?: string; householdId?: string; status?: ApplicationStatus | null }, beforeId: string | null, limit: number): Promise<ApplicationRow[]> {
    const conds: string[] = [];
    const params: unknown[] = [];
    if (where.villageCode) conds.push('village_code = ?'), params.push(where.villageCode);
    if (where.householdId) conds.push('household_id = ?'), params.push(where.householdId);
    if (where.status) conds.push('status = ?'), params.push(where.status);
    if (beforeId) conds.push('id < ?'), params.push(beforeId);
    const rows = await this.manager.query(`SELECT * FROM application WHERE ${conds.join(' AND ')} ORDER BY id DESC LIMIT ?`, [...params, limit]);
    return rows.map(toRow);
  }

  async figures(prefix: string, from: Date, to: Date) {
    const [row] = await this.manager.query(
      `SELECT SUM(status = 'APPROVED') AS approved, SUM(status = 'REJECTED') AS rejected,
         AVG(CASE WHEN decided_at IS NOT NULL THEN TIMESTAMPDIFF(SECOND, created_at, decided_at) END) AS avg_review
       FROM application WHERE village_code LIKE ? AND decided_at >= ? AND decided_at < ?`,
      [`${prefix}%`, from, to],
    );
    return { approved: Number(row.approved ?? 0), rejected: Number(row.rejected ?? 0), averageReviewSeconds: row.avg_review === null ? null : Math.round(Number(row.avg_review)) };
  }
}
