import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/** No foreign keys and no auto-increment, so the schema moves to TiDB/Vitess unchanged. */
export class PointsSchema1763900000001 implements MigrationInterface {
  name = 'PointsSchema1763900000001';

  async up(q: QueryRunner): Promise<void> {
    // Projection of identity's households: which village each household is in.
    await q.query(`CREATE TABLE household (
      id CHAR(36) NOT NULL PRIMARY KEY,
      village_code CHAR(12) NOT NULL,
      township_code CHAR(12) NOT NULL,
      head_user_id CHAR(36) NULL,
      created_at DATETIME(3) NOT NULL,
      KEY idx_household_village (village_code)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE rule_item (
      id CHAR(36) NOT NULL PRIMARY KEY,
      region_code CHAR(12) NOT NULL,
      code VARCHAR(40) NOT NULL,
      version INT NOT NULL,
      name VARCHAR(100) NOT NULL,
      category VARCHAR(10) NOT NULL,
      points INT NOT NULL,
      monthly_cap INT NULL,
      yearly_cap INT NULL,
      evidence_required TINYINT(1) NOT NULL,
      honour TINYINT(1) NOT NULL,
      effective_from DATETIME(3) NOT NULL,
      effective_to DATETIME(3) NULL,
      superseded_at DATETIME(3) NULL,
      created_by VARCHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_rule_item_version (region_code, code, version),
      KEY idx_rule_item_current (code, superseded_at)
    ) ${TABLE}`);
    // The balance row is also the per-household lock that orders the hash chain.
    await q.query(`CREATE TABLE household_balance (
      household_id CHAR(36) NOT NULL PRIMARY KEY,
      village_code CHAR(12) NOT NULL,
      township_code CHAR(12) NOT NULL,
      balance INT NOT NULL,
      earned INT NOT NULL,
      spent INT NOT NULL,
      reserved INT NOT NULL,
      month_key INT NOT NULL,
      this_month INT NOT NULL,
      year_key INT NOT NULL,
      this_year INT NOT NULL,
      last_seq INT NOT NULL,
      last_hash CHAR(64) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      KEY idx_balance_village_rank (village_code, earned),
      KEY idx_balance_township_rank (township_code, earned)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE ledger_entry (
      id CHAR(36) NOT NULL PRIMARY KEY,
      household_id CHAR(36) NOT NULL,
      seq INT NOT NULL,
      village_code CHAR(12) NOT NULL,
      item_id CHAR(36) NULL,
      item_code VARCHAR(40) NULL,
      item_version INT NULL,
      category VARCHAR(10) NULL,
      delta INT NOT NULL,
      source VARCHAR(12) NOT NULL,
      honour TINYINT(1) NOT NULL,
      reason VARCHAR(200) NOT NULL,
      actor_id VARCHAR(64) NOT NULL,
      idempotency_key VARCHAR(160) NOT NULL,
      occurred_at DATETIME(3) NOT NULL,
      prev_hash CHAR(64) NOT NULL,
      hash CHAR(64) NOT NULL,
      UNIQUE KEY uq_ledger_household_seq (household_id, seq),
      UNIQUE KEY uq_ledger_idempotency (idempotency_key),
      KEY idx_ledger_household_item (household_id, item_code, occurred_at),
      KEY idx_ledger_village_time (village_code, occurred_at)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE reservation (
      id CHAR(36) NOT NULL PRIMARY KEY,
      household_id CHAR(36) NOT NULL,
      amount INT NOT NULL,
      status VARCHAR(10) NOT NULL,
      idempotency_key VARCHAR(100) NOT NULL,
      reason VARCHAR(200) NOT NULL,
      client_id VARCHAR(64) NOT NULL,
      entry_id CHAR(36) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_reservation_key (idempotency_key),
      KEY idx_reservation_household (household_id, status)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE application (
      id CHAR(36) NOT NULL PRIMARY KEY,
      household_id CHAR(36) NOT NULL,
      village_code CHAR(12) NOT NULL,
      item_id CHAR(36) NOT NULL,
      item_code VARCHAR(40) NOT NULL,
      note VARCHAR(500) NOT NULL,
      evidence JSON NOT NULL,
      status VARCHAR(10) NOT NULL,
      applicant_id VARCHAR(64) NOT NULL,
      idempotency_key VARCHAR(160) NOT NULL,
      decided_by VARCHAR(64) NULL,
      decided_at DATETIME(3) NULL,
      decision_reason VARCHAR(200) NULL,
      entry_id CHAR(36) NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_application_key (idempotency_key),
      KEY idx_application_village (village_code, status, id),
      KEY idx_application_household (household_id, id)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE task (
      id CHAR(36) NOT NULL PRIMARY KEY,
      village_code CHAR(12) NOT NULL,
      title VARCHAR(100) NOT NULL,
      description VARCHAR(500) NOT NULL,
      reward INT NOT NULL,
      category VARCHAR(10) NOT NULL,
      slots INT NOT NULL,
      claimed INT NOT NULL,
      deadline DATETIME(3) NOT NULL,
      status VARCHAR(10) NOT NULL,
      created_by VARCHAR(64) NOT NULL,
      idempotency_key VARCHAR(160) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_task_key (idempotency_key),
      KEY idx_task_village (village_code, id)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE task_claim (
      id CHAR(36) NOT NULL PRIMARY KEY,
      task_id CHAR(36) NOT NULL,
      household_id CHAR(36) NOT NULL,
      claimed_by VARCHAR(64) NOT NULL,
      status VARCHAR(10) NOT NULL,
      entry_id CHAR(36) NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_task_claim (task_id, household_id)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE disclosure (
      id CHAR(36) NOT NULL PRIMARY KEY,
      village_code CHAR(12) NOT NULL,
      month INT NOT NULL,
      status VARCHAR(10) NOT NULL,
      content JSON NOT NULL,
      generated_by VARCHAR(64) NOT NULL,
      generated_at DATETIME(3) NOT NULL,
      published_at DATETIME(3) NULL,
      objection_deadline DATETIME(3) NULL,
      UNIQUE KEY uq_disclosure_month (village_code, month)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE disclosure_objection (
      id CHAR(36) NOT NULL PRIMARY KEY,
      disclosure_id CHAR(36) NOT NULL,
      household_id CHAR(36) NOT NULL,
      user_id VARCHAR(64) NOT NULL,
      entry_id CHAR(36) NULL,
      text VARCHAR(500) NOT NULL,
      status VARCHAR(10) NOT NULL,
      resolution VARCHAR(200) NULL,
      correction_entry_id CHAR(36) NULL,
      resolved_by VARCHAR(64) NULL,
      created_at DATETIME(3) NOT NULL,
      resolved_at DATETIME(3) NULL,
      KEY idx_objection_disclosure (disclosure_id, id)
    ) ${TABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['disclosure_objection', 'disclosure', 'task_claim', 'task', 'application', 'reservation', 'ledger_entry', 'household_balance', 'rule_item', 'household']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
