import type { EntityManager } from 'typeorm';
import type { DisclosureRow, ObjectionRow } from './disclosure.entity';

function toDisclosure(r: any): DisclosureRow {
  return {
    id: r.id, villageCode: r.village_code, month: Number(r.month), status: r.status, lines: typeof r.content === 'string' ? JSON.parse(r.content) : r.content,
    generatedBy: r.generated_by, generatedAt: r.generated_at, publishedAt: r.published_at, objectionDeadline: r.objection_deadline,
  };
}

function toObjection(r: any): ObjectionRow {
  return {
    id: r.id, disclosureId: r.disclosure_id, householdId: r.household_id, userId: r.user_id, entryId: r.entry_id, text: r.text, status: r.status,
    resolution: r.resolution, correctionEntryId: r.correction_entry_id, resolvedBy: r.resolved_by, createdAt: r.created_at, resolvedAt: r.resolved_at,
  };
}

export class DisclosureRepository {
  constructor(private readonly manager: EntityManager) {}

  async find(villageCode: string, month: number, lock = false): Promise<DisclosureRow | null> {
    const [row] = await this.manager.query(`SELECT * FROM disclosure WHERE village_code = ? AND month = ? ${lock ? 'FOR UPDATE' : ''}`, [villageCode, month]);
    return row ? toDisclosure(row) : null;
  }

  async findById(id: string, lock = false): Promise<DisclosureRow | null> {
    const [row] = await this.manager.query(`SELECT * FROM disclosure WHERE id = ? ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return row ? toDisclosure(row) : null;
  }

  async save(d: DisclosureRow): Promise<void> {
    await this.manager.query(
      `INSERT INTO disclosure (id, village_code, month, status, content, generated_by, generated_at, published_at, objection_deadline) VALUES (?,?,?,?,?,?,?,?,?)
       ON DUPLICATE KEY UPDATE status = VALUES(status), content = VALUES(content), generated_by = VALUES(generated_by), generated_at = VALUES(generated_at),
         published_at = VALUES(published_at), objection_deadline = VALUES(objection_deadline)`,
      [d.id, d.villageCode, d.month, d.status, JSON.stringify(d.lines), d.generatedBy, d.generatedAt, d.publishedAt, d.objectionDeadline],
    );
  }

  async insertObjection(o: ObjectionRow): Promise<void> {
    await this.manager.query(
      `INSERT INTO disclosure_objection (id, disclosure_id, household_id, user_id, entry_id, text, status, resolution, correction_entry_id, resolved_by, created_at, resolved_at)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
      [o.id, o.disclosureId, o.householdId, o.userId, o.entryId, o.text, o.status, o.resolution, o.correctionEntryId, o.resolvedBy, o.createdAt, o.resolvedAt],
    );
  }

  async objection(id: string, lock = false): Promise<ObjectionRow | null> {
    const [row] = await this.manager.query(`SELECT * FROM disclosure_objection WHERE id = ? ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return row ? toObjection(row) : null;
  }

  async objectionsOf(disclosureId: string): Promise<ObjectionRow[]> {
    const rows = await this.manager.query('SELECT * FROM disclosure_objection WHERE disclosure_id = ? ORDER BY id', [disclosureId]);
    return rows.map(toObjection);
  }

  async resolveObjection(o: ObjectionRow): Promise<void> {
    await this.manager.query(
      'UPDATE disclosure_objection SET status = ?, resolution = ?, correction_entry_id = ?, resolved_by = ?, resolved_at = ? WHERE id = ?',
      [o.status, o.resolution, o.correctionEntryId, o.resolvedBy, o.resolvedAt, o.id],
    );
  }
}
