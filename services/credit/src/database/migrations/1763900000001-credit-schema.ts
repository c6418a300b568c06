import type { MigrationInterface, QueryRunner } from 'typeorm';

// No foreign keys or auto-increment (TiDB/Vitess later); UUIDv7 ids; amounts and rates are integers.
export class CreditSchema1763900000001 implements MigrationInterface {
  name = 'CreditSchema1763900000001';

  async up(q: QueryRunner): Promise<void> {
    const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    // One row per consumed event: a redelivered event is recognised and skipped.
    await q.query(`CREATE TABLE processed_event (
      event_id VARCHAR(64) NOT NULL PRIMARY KEY,
      topic VARCHAR(100) NOT NULL,
      processed_at DATETIME(3) NOT NULL
    ) ${opts}`);
    // What credit knows about a household, projected from events (never read from other services).
    await q.query(`CREATE TABLE household_facts (
      household_id CHAR(36) NOT NULL PRIMARY KEY,
      village_code VARCHAR(15) NOT NULL,
      township_code VARCHAR(15) NOT NULL,
      county_code CHAR(6) NOT NULL,
      lifetime_points INT NOT NULL DEFAULT 0,
      honours INT NOT NULL DEFAULT 0,
      applications_approved INT NOT NULL DEFAULT 0,
      tasks_completed INT NOT NULL DEFAULT 0,
      issues_raised INT NOT NULL DEFAULT 0,
      issues_rated INT NOT NULL DEFAULT 0,
      loans_repaid INT NOT NULL DEFAULT 0,
      loans_defaulted INT NOT NULL DEFAULT 0,
      updated_at DATETIME(3) NOT NULL,
      KEY idx_facts_county (county_code, household_id)
    ) ${opts}`);
    // Points per household and month, for the recent-points window; entries keyed by ledger entry id.
    await q.query(`CREATE TABLE points_entry (
      entry_id VARCHAR(64) NOT NULL PRIMARY KEY,
      household_id CHAR(36) NOT NULL,
      delta INT NOT NULL,
      honour TINYINT(1) NOT NULL,
      occurred_at DATETIME(3) NOT NULL
    ) ${opts}`);
    await q.query(`CREATE TABLE points_month (
      household_id CHAR(36) NOT NULL,
      month CHAR(6) NOT NULL,
      delta_sum INT NOT NULL,
      PRIMARY KEY (household_id, month)
    ) ${opts}`);
    await q.query(`CREATE TABLE credit_model (
      id CHAR(36) NOT NULL PRIMARY KEY,
      county_code CHAR(6) NOT NULL,
      version INT NOT NULL,
      config JSON NOT NULL,
      note VARCHAR(200) NOT NULL,
      created_by VARCHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_model_version (county_code, version)
    ) ${opts}`);
    await q.query(`CREATE TABLE credit_score (
      household_id CHAR(36) NOT NULL PRIMARY KEY,
      village_code VARCHAR(15) NOT NULL,
      township_code VARCHAR(15) NOT NULL,
      county_code CHAR(6) NOT NULL,
      score INT NOT NULL,
      grade CHAR(1) NOT NULL,
      blocked TINYINT(1) NOT NULL,
      points INT NOT NULL,
      model_version INT NOT NULL,
      reasons JSON NOT NULL,
      computed_at DATETIME(3) NOT NULL,
      KEY idx_score_township (township_code, score)
    ) ${opts}`);
    await q.query(`CREATE TABLE negative_entry (
      id CHAR(36) NOT NULL PRIMARY KEY,
      household_id CHAR(36) NOT NULL,
      village_code VARCHAR(15) NOT NULL,
      kind VARCHAR(32) NOT NULL,
      source VARCHAR(200) NOT NULL,
      reason VARCHAR(500) NOT NULL,
      starts_on DATE NOT NULL,
      expires_on DATE NULL,
      created_by VARCHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      removed_at DATETIME(3) NULL,
      removed_by VARCHAR(64) NULL,
      removal_reason VARCHAR(500) NULL,
      KEY idx_negative_household (household_id)
    ) ${opts}`);
    await q.query(`CREATE TABLE credit_review (
      id CHAR(36) NOT NULL PRIMARY KEY,
      household_id CHAR(36) NOT NULL,
      village_code VARCHAR(15) NOT NULL,
      requested_by CHAR(36) NOT NULL,
      reason VARCHAR(1000) NOT NULL,
      status VARCHAR(16) NOT NULL,
      outcome VARCHAR(16) NULL,
      resolution VARCHAR(1000) NULL,
      reviewer_id CHAR(36) NULL,
      created_at DATETIME(3) NOT NULL,
      resolved_at DATETIME(3) NULL,
      KEY idx_review_household (household_id, status)
    ) ${opts}`);
    await q.query(`CREATE TABLE loan_product (
      id CHAR(36) NOT NULL PRIMARY KEY,
      bank_client_id VARCHAR(64) NOT NULL,
      bank_name VARCHAR(100) NOT NULL,
      name VARCHAR(100) NOT NULL,
      region_code VARCHAR(15) NOT NULL,
      base_rate_bp INT NOT NULL,
      reduction_bp_per_100_points INT NOT NULL,
      floor_rate_bp INT NOT NULL,
      max_amount_fen_by_grade JSON NOT NULL,
      top_share_permille INT NULL,
      top_rate_bp INT NULL,
      top_max_amount_fen BIGINT NULL,
      term_months INT NOT NULL,
      active TINYINT(1) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_product_name (bank_client_id, name),
      KEY idx_product_region (region_code)
    ) ${opts}`);
    await q.query(`CREATE TABLE credit_consent (
      id CHAR(36) NOT NULL PRIMARY KEY,
      household_id CHAR(36) NOT NULL,
      granted_by CHAR(36) NOT NULL,
      bank_client_id VARCHAR(64) NOT NULL,
      bank_name VARCHAR(100) NOT NULL,
      purpose VARCHAR(200) NOT NULL,
      data_shared JSON NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      revoked_at DATETIME(3) NULL,
      KEY idx_consent_household (household_id),
      KEY idx_consent_bank (bank_client_id, household_id)
    ) ${opts}`);
    await q.query(`CREATE TABLE loan_application (
      id CHAR(36) NOT NULL PRIMARY KEY,
      household_id CHAR(36) NOT NULL,
      village_code VARCHAR(15) NOT NULL,
      product_id CHAR(36) NOT NULL,
      bank_client_id VARCHAR(64) NOT NULL,
      consent_id CHAR(36) NOT NULL,
      applicant_id CHAR(36) NOT NULL,
      amount_fen BIGINT NOT NULL,
      term_months INT NOT NULL,
      quoted_rate_bp INT NOT NULL,
      quoted_limit_fen BIGINT NOT NULL,
      status VARCHAR(16) NOT NULL,
      decision_note VARCHAR(500) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      KEY idx_application_bank (bank_client_id, id),
      KEY idx_application_household (household_id)
    ) ${opts}`);
    // Append-only and hash-chained: each row's hash covers its content and the previous hash.
    await q.query(`CREATE TABLE audit_log (
      seq BIGINT NOT NULL PRIMARY KEY,
      id CHAR(36) NOT NULL,
      household_id CHAR(36) NULL,
      actor_kind VARCHAR(16) NOT NULL,
      actor_id VARCHAR(64) NOT NULL,
      action VARCHAR(40) NOT NULL,
      detail JSON NOT NULL,
      created_at DATETIME(3) NOT NULL,
      prev_hash CHAR(64) NOT NULL,
      hash CHAR(64) NOT NULL,
      UNIQUE KEY uq_audit_id (id),
      KEY idx_audit_household (household_id, seq)
    ) ${opts}`);
    // The chain head, locked by each append so the sequence has no gaps or forks.
    await q.query(`CREATE TABLE audit_head (
      id TINYINT NOT NULL PRIMARY KEY,
      seq BIGINT NOT NULL,
      hash CHAR(64) NOT NULL
    ) ${opts}`);
    await q.query(`INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, REPEAT('0', 64))`);
    await q.query(`CREATE TABLE rescore_run (
      id CHAR(36) NOT NULL PRIMARY KEY,
      county_code CHAR(6) NOT NULL,
      model_version INT NOT NULL,
      status VARCHAR(16) NOT NULL,
      total INT NOT NULL,
      done INT NOT NULL,
      requested_by VARCHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      finished_at DATETIME(3) NULL,
      error VARCHAR(500) NULL
    ) ${opts}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['rescore_run', 'audit_head', 'audit_log', 'loan_application', 'credit_consent', 'loan_product', 'credit_review', 'negative_entry', 'credit_score', 'credit_model', 'points_month', 'points_entry', 'household_facts', 'processed_event']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
