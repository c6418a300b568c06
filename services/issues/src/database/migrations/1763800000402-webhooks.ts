import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1763800000402 implements MigrationInterface {
  name = 'Webhooks1763800000402';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhook_endpoint (
      id CHAR(36) NOT NULL PRIMARY KEY,
      county_code CHAR(6) NOT NULL,
      url VARCHAR(500) NOT NULL,
      secret VARCHAR(64) NOT NULL,
      active TINYINT(1) NOT NULL,
      created_by CHAR(36) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      KEY idx_webhook_county (county_code, active)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`CREATE TABLE webhook_delivery (
      id CHAR(36) NOT NULL PRIMARY KEY,
      endpoint_id CHAR(36) NOT NULL,
      county_code CHAR(6) NOT NULL,
      issue_id CHAR(36) NOT NULL,
      kind VARCHAR(30) NOT NULL,
      payload JSON NOT NULL,
      status VARCHAR(12) NOT NULL,
      attempts INT NOT NULL DEFAULT 0,
      last_status_code INT NULL,
      last_error VARCHAR(300) NULL,
      created_at DATETIME(3) NOT NULL,
      delivered_at DATETIME(3) NULL,
      KEY idx_delivery_pending (county_code, status, created_at),
      KEY idx_delivery_endpoint (endpoint_id, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_delivery');
    await q.query('DROP TABLE webhook_endpoint');
  }
}
