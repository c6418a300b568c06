import type { EntityManager } from 'typeorm';
import type { RuleItemRow } from './rule.entity';

const COLUMNS =
  'id, region_code, code, version, name, category, points, monthly_cap, yearly_cap, evidence_required, honour, effective_from, effective_to, superseded_at, created_by, created_at';

function toRow(r: any): RuleItemRow {
  return {
    id: r.id, regionCode: r.region_code, code: r.code, version: Number(r.version), name: r.name, category: r.category,
    points: Number(r.points), monthlyCap: r.monthly_cap === null ? null : Number(r.monthly_cap),
    yearlyCap: r.yearly_cap === null ? null : Number(r.yearly_cap), evidenceRequired: Boolean(Number(r.evidence_required)),
    honour: Boolean(Number(r.honour)), effectiveFrom: r.effective_from, effectiveTo: r.effective_to, supersededAt: r.superseded_at,
    createdBy: r.created_by, createdAt: r.created_at,
  };
}

export class RuleRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Current (not superseded) versions defined at any of `regionCodes`. */
  async currentIn(regionCodes: string[], code?: string): Promise<RuleItemRow[]> {
    const rows = await this.manager.query(
      `SELECT ${COLUMNS} FROM rule_item WHERE region_code IN (${regionCodes.map(() => '?').join(',')}) AND superseded_at IS NULL ${code ? 'AND code = ?' : ''}`,
      code ? [...regionCodes, code] : regionCodes,
    );
    return rows.map(toRow);
  }

  async currentAt(regionCode: string, code: string, lock = false): Promise<RuleItemRow | null> {
    const [row] = await this.manager.query(
      `SELECT ${COLUMNS} FROM rule_item WHERE region_code = ? AND code = ? ORDER BY version DESC LIMIT 1 ${lock ? 'FOR UPDATE' : ''}`,
      [regionCode, code],
    );
    return row ? toRow(row) : null;
  }

  async history(regionCode: string, code: string): Promise<RuleItemRow[]> {
    const rows = await this.manager.query(`SELECT ${COLUMNS} FROM rule_item WHERE region_code = ? AND code = ? ORDER BY version`, [regionCode, code]);
    return rows.map(toRow);
  }

  async byIds(ids: readonly string[]): Promise<RuleItemRow[]> {
    if (!ids.length) return [];
    const rows = await this.manager.query(`SELECT ${COLUMNS} FROM rule_item WHERE id IN (${ids.map(() => '?').join(',')})`, [...ids]);
    return rows.map(toRow);
  }

  async insert(r: RuleItemRow): Promise<void> {
    await this.manager.query(
      `INSERT INTO rule_item (${COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      [r.id, r.regionCode, r.code, r.version, r.name, r.category, r.points, r.monthlyCap, r.yearlyCap, r.evidenceRequired ? 1 : 0,
        r.honour ? 1 : 0, r.effectiveFrom, r.effectiveTo, r.supersededAt, r.createdBy, r.createdAt],
    );
  }

  async supersede(id: string, at: Date): Promise<void> {
    await this.manager.query('UPDATE rule_item SET superseded_at = ? WHERE id = ?', [at, id]);
  }
}
