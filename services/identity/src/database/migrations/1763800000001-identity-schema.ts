import type { MigrationInterface, QueryRunner } from 'typeorm';

// No foreign keys or auto-increment: ids are UUIDv7 and integrity is kept by the services,
// so the tables move to TiDB/Vitess unchanged.
export class IdentitySchema1763800000001 implements MigrationInterface {
  name = 'IdentitySchema1763800000001';

  async up(q: QueryRunner): Promise<void> {
    const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(`CREATE TABLE region (
      code VARCHAR(15) NOT NULL PRIMARY KEY,
      name VARCHAR(100) NOT NULL,
      level VARCHAR(16) NOT NULL,
      parent_code VARCHAR(15) NULL,
      KEY idx_region_parent (parent_code, code)
    ) ${opts}`);
    await q.query(`CREATE TABLE app_user (
      id CHAR(36) NOT NULL PRIMARY KEY,
      name VARCHAR(50) NOT NULL,
      phone VARCHAR(20) NOT NULL,
      id_number_cipher VARCHAR(255) NOT NULL,
      id_number_hash CHAR(64) NOT NULL,
      password_hash VARCHAR(255) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_user_phone (phone),
      UNIQUE KEY uq_user_id_number (id_number_hash)
    ) ${opts}`);
    await q.query(`CREATE TABLE role_grant (
      id CHAR(36) NOT NULL PRIMARY KEY,
      user_id CHAR(36) NOT NULL,
      role VARCHAR(32) NOT NULL,
      region_code VARCHAR(15) NOT NULL,
      granted_by CHAR(36) NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_role_grant (user_id, role, region_code),
      KEY idx_role_grant_region (region_code)
    ) ${opts}`);
    await q.query(`CREATE TABLE household (
      id CHAR(36) NOT NULL PRIMARY KEY,
      village_code VARCHAR(15) NOT NULL,
      head_user_id CHAR(36) NOT NULL,
      qr_token_hash CHAR(64) NULL,
      qr_token_rotated_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_household_qr (qr_token_hash),
      KEY idx_household_village (village_code, id)
    ) ${opts}`);
    await q.query(`CREATE TABLE household_member (
      user_id CHAR(36) NOT NULL PRIMARY KEY,
      household_id CHAR(36) NOT NULL,
      relation VARCHAR(20) NOT NULL,
      joined_at DATETIME(3) NOT NULL,
      KEY idx_member_household (household_id)
    ) ${opts}`);
    await q.query(`CREATE TABLE refresh_token (
      id CHAR(36) NOT NULL PRIMARY KEY,
      user_id CHAR(36) NOT NULL,
      family_id CHAR(36) NOT NULL,
      token_hash CHAR(64) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      used_at DATETIME(3) NULL,
      revoked_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_refresh_hash (token_hash),
      KEY idx_refresh_family (family_id),
      KEY idx_refresh_user (user_id)
    ) ${opts}`);
    await q.query(`CREATE TABLE integrator_client (
      id CHAR(36) NOT NULL PRIMARY KEY,
      client_id VARCHAR(40) NOT NULL,
      name VARCHAR(100) NOT NULL,
      kind VARCHAR(16) NOT NULL,
      region_code VARCHAR(15) NOT NULL,
      scopes VARCHAR(500) NOT NULL,
      secret_hash CHAR(64) NOT NULL,
      secret_rotated_at DATETIME(3) NOT NULL,
      created_by CHAR(36) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_integrator_client_id (client_id),
      KEY idx_integrator_region (region_code)
    ) ${opts}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['integrator_client', 'refresh_token', 'household_member', 'household', 'role_grant', 'app_user', 'region']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
