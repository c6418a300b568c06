import type { EntityManager } from 'typeorm';
import type { TaskClaimRow, TaskRow } from './task.entity';

function toTask(r: any): TaskRow {
  return {
    id: r.id, villageCode: r.village_code, title: r.title, description: r.description, reward: Number(r.reward), category: r.category,
    slots: Number(r.slots), claimed: Number(r.claimed), deadline: r.deadline, status: r.status, createdBy: r.created_by,
    idempotencyKey: r.idempotency_key, createdAt: r.created_at,
  };
}

function toClaim(r: any): TaskClaimRow {
  return { id: r.id, taskId: r.task_id, householdId: r.household_id, claimedBy: r.claimed_by, status: r.status, entryId: r.entry_id, createdAt: r.created_at };
}

export class TaskRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(t: TaskRow): Promise<void> {
    await this.manager.query(
      `INSERT INTO task (id, village_code, title, description, reward, category, slots, claimed, deadline, status, created_by, idempotency_key, created_at)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      [t.id, t.villageCode, t.title, t.description, t.reward, t.category, t.slots, t.claimed, t.deadline, t.status, t.createdBy, t.idempotencyKey, t.createdAt],
    );
  }

  async find(id: string): Promise<TaskRow | null> {
    const [row] = await this.manager.query('SELECT * FROM task WHERE id = ?', [id]);
    return row ? toTask(row) : null;
  }

  async findByKey(key: string): Promise<TaskRow | null> {
    const [row] = await this.manager.query('SELECT * FROM task WHERE idempotency_key = ?', [key]);
    return row ? toTask(row) : null;
  }

  /** The slot check and the increment are one statement, so concurrent claims cannot overfill. */
  async takeSlot(id: string, now: Date): Promise<boolean> {
    const res = await this.manager.query(
      "UPDATE task SET claimed = claimed + 1 WHERE id = ? AND status = 'OPEN' AND claimed < slots AND deadline > ?",
      [id, now],
    );
    return Number(res.affectedRows ?? res[0]?.affectedRows ?? 0) === 1;
  }

  async insertClaim(c: TaskClaimRow): Promise<void> {
    await this.manager.query(
      'INSERT INTO task_claim (id, task_id, household_id, claimed_by, status, entry_id, created_at) VALUES (?,?,?,?,?,?,?)',
      [c.id, c.taskId, c.householdId, c.claimedBy, c.status, c.entryId, c.createdAt],
    );
  }

  async claim(taskId: string, householdId: string, lock = false): Promise<TaskClaimRow | null> {
    const [row] = await this.manager.query(`SELECT * FROM task_claim WHERE task_id = ? AND household_id = ? ${lock ? 'FOR UPDATE' : ''}`, [taskId, householdId]);
    return row ? toClaim(row) : null;
  }

  async claimsOf(taskIds: readonly string[]): Promise<TaskClaimRow[]> {
    if (!taskIds.length) return [];
    const rows = await this.manager.query(`SELECT * FROM task_claim WHERE task_id IN (${taskIds.map(() => '?').join(',')}) ORDER BY id`, [...taskIds]);
    return rows.map(toClaim);
  }

  async complete(claimId: string, entryId: string): Promise<void> {
    await this.manager.query("UPDATE task_claim SET status = 'COMPLETED', entry_id = ? WHERE id = ?", [entryId, claimId]);
  }

  async page(villageCode: string, beforeId: string | null, limit: number): Promise<TaskRow[]> {
    const rows = await this.manager.query(
      `SELECT * FROM task WHERE village_code = ? ${beforeId ? 'AND id < ?' : ''} ORDER BY id DESC LIMIT ?`,
      beforeId ? [villageCode, beforeId, limit] : [villageCode, limit],
    );
    return rows.map(toTask);
  }
}
