import type { MigrationInterface, QueryRunner } from 'typeorm';

// No foreign keys or auto-increment (UUIDv7 ids), so the tables move to TiDB/Vitess unchanged.
export class MallSchema1763900000001 implements MigrationInterface {
  name = 'MallSchema1763900000001';

  async up(q: QueryRunner): Promise<void> {
    const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(`CREATE TABLE store (
      id CHAR(36) NOT NULL PRIMARY KEY,
      name VARCHAR(100) NOT NULL,
      region_code VARCHAR(15) NOT NULL,
      unmanned BOOLEAN NOT NULL,
      address VARCHAR(200) NULL,
      created_at DATETIME(3) NOT NULL,
      KEY idx_store_region (region_code, id)
    ) ${opts}`);
    await q.query(`CREATE TABLE store_clerk (
      store_id CHAR(36) NOT NULL,
      user_id CHAR(36) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (store_id, user_id),
      KEY idx_clerk_user (user_id)
    ) ${opts}`);
    await q.query(`CREATE TABLE product (
      id CHAR(36) NOT NULL PRIMARY KEY,
      store_id CHAR(36) NOT NULL,
      region_code VARCHAR(15) NOT NULL,
      name VARCHAR(100) NOT NULL,
      category VARCHAR(20) NOT NULL,
      photo_url VARCHAR(500) NULL,
      price INT NOT NULL,
      stock INT NOT NULL,
      monthly_limit INT NULL,
      low_stock_threshold INT NOT NULL,
      active BOOLEAN NOT NULL,
      created_at DATETIME(3) NOT NULL,
      KEY idx_product_store (store_id, id),
      KEY idx_product_region (region_code, stock),
      CONSTRAINT chk_product_stock CHECK (stock >= 0)
    ) ${opts}`);
    await q.query(`CREATE TABLE exchange_event (
      id CHAR(36) NOT NULL PRIMARY KEY,
      store_id CHAR(36) NOT NULL,
      name VARCHAR(100) NOT NULL,
      starts_at DATETIME(3) NOT NULL,
      ends_at DATETIME(3) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      KEY idx_event_store (store_id, ends_at)
    ) ${opts}`);
    await q.query(`CREATE TABLE exchange_event_price (
      event_id CHAR(36) NOT NULL,
      product_id CHAR(36) NOT NULL,
      price INT NOT NULL,
      PRIMARY KEY (event_id, product_id)
    ) ${opts}`);
    await q.query(`CREATE TABLE household_projection (
      household_id CHAR(36) NOT NULL PRIMARY KEY,
      village_code VARCHAR(15) NOT NULL,
      updated_at DATETIME(3) NOT NULL
    ) ${opts}`);
    await q.query(`CREATE TABLE mall_order (
      id CHAR(36) NOT NULL PRIMARY KEY,
      household_id CHAR(36) NOT NULL,
      village_code VARCHAR(15) NOT NULL,
      store_id CHAR(36) NOT NULL,
      region_code VARCHAR(15) NOT NULL,
      product_id CHAR(36) NOT NULL,
      product_name VARCHAR(100) NOT NULL,
      quantity INT NOT NULL,
      unit_price INT NOT NULL,
      total_points INT NOT NULL,
      event_id CHAR(36) NULL,
      status VARCHAR(20) NOT NULL,
      reservation_id VARCHAR(64) NULL,
      pickup_code CHAR(8) NOT NULL,
      client_key VARCHAR(64) NOT NULL,
      placed_by CHAR(36) NOT NULL,
      month CHAR(6) NOT NULL,
      failure_code VARCHAR(40) NULL,
      expires_at DATETIME(3) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      completed_at DATETIME(3) NULL,
      UNIQUE KEY uq_order_client_key (household_id, client_key),
      UNIQUE KEY uq_order_pickup (store_id, pickup_code),
      KEY idx_order_household (household_id, id),
      KEY idx_order_store (store_id, month, status),
      KEY idx_order_region (region_code, month),
      KEY idx_order_status (status, updated_at),
      KEY idx_order_limit (household_id, product_id, month)
    ) ${opts}`);
    await q.query(`CREATE TABLE benefit_program (
      id CHAR(36) NOT NULL PRIMARY KEY,
      name VARCHAR(100) NOT NULL,
      region_code VARCHAR(15) NOT NULL,
      created_by CHAR(36) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      KEY idx_program_region (region_code)
    ) ${opts}`);
    await q.query(`CREATE TABLE benefit_tier (
      id CHAR(36) NOT NULL PRIMARY KEY,
      program_id CHAR(36) NOT NULL,
      name VARCHAR(50) NOT NULL,
      min_points INT NOT NULL,
      discount_percent INT NOT NULL,
      description VARCHAR(200) NOT NULL,
      KEY idx_tier_program (program_id, min_points)
    ) ${opts}`);
    await q.query(`CREATE TABLE benefit_member (
      program_id CHAR(36) NOT NULL,
      client_id VARCHAR(64) NOT NULL,
      joined_at DATETIME(3) NOT NULL,
      PRIMARY KEY (program_id, client_id),
      KEY idx_member_client (client_id)
    ) ${opts}`);
    await q.query(`CREATE TABLE benefit_check (
      id CHAR(36) NOT NULL PRIMARY KEY,
      client_id VARCHAR(64) NOT NULL,
      program_id CHAR(36) NULL,
      household_id CHAR(36) NULL,
      tier_id CHAR(36) NULL,
      outcome VARCHAR(30) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      KEY idx_check_client (client_id, created_at)
    ) ${opts}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['benefit_check', 'benefit_member', 'benefit_tier', 'benefit_program', 'mall_order', 'household_projection', 'exchange_event_price', 'exchange_event', 'product', 'store_clerk', 'store']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
