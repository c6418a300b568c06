import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

export class IssuesSchema1763800000401 implements MigrationInterface {
  name = 'IssuesSchema1763800000401';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE issue (
      id CHAR(36) NOT NULL PRIMARY KEY,
      village_code VARCHAR(12) NOT NULL,
      county_code CHAR(6) NOT NULL,
      raiser_user_id CHAR(36) NOT NULL,
      household_id CHAR(36) NULL,
      category VARCHAR(20) NOT NULL,
      title VARCHAR(100) NOT NULL,
      body TEXT NOT NULL,
      photo_urls JSON NOT NULL,
      is_public TINYINT(1) NOT NULL,
      status VARCHAR(20) NOT NULL,
      reopen_count TINYINT NOT NULL DEFAULT 0,
      raised_at DATETIME(3) NOT NULL,
      due_at DATETIME(3) NOT NULL,
      first_response_at DATETIME(3) NULL,
      first_responder_id CHAR(36) NULL,
      response_working_minutes INT NULL,
      responded_on_time TINYINT(1) NULL,
      overdue_at DATETIME(3) NULL,
      outcome VARCHAR(20) NULL,
      settled_at DATETIME(3) NULL,
      closed_at DATETIME(3) NULL,
      rating TINYINT NULL,
      rating_comment VARCHAR(500) NULL,
      KEY idx_issue_village (village_code, raised_at),
      KEY idx_issue_raiser (raiser_user_id, id),
      KEY idx_issue_household (household_id, id)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE issue_event (
      id CHAR(36) NOT NULL PRIMARY KEY,
      issue_id CHAR(36) NOT NULL,
      kind VARCHAR(30) NOT NULL,
      actor_user_id CHAR(36) NULL,
      from_status VARCHAR(20) NULL,
      to_status VARCHAR(20) NULL,
      note TEXT NULL,
      occurred_at DATETIME(3) NOT NULL,
      KEY idx_issue_event_issue (issue_id, id)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE issue_party (
      id CHAR(36) NOT NULL PRIMARY KEY,
      issue_id CHAR(36) NOT NULL,
      name VARCHAR(100) NOT NULL,
      region_code VARCHAR(12) NOT NULL,
      status VARCHAR(20) NOT NULL,
      report TEXT NULL,
      assigned_at DATETIME(3) NOT NULL,
      reported_at DATETIME(3) NULL,
      KEY idx_issue_party_issue (issue_id)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE sla_reminder (
      issue_id CHAR(36) NOT NULL,
      kind VARCHAR(20) NOT NULL,
      county_code CHAR(6) NOT NULL,
      fire_at DATETIME(3) NOT NULL,
      status VARCHAR(12) NOT NULL,
      fired_at DATETIME(3) NULL,
      PRIMARY KEY (issue_id, kind),
      KEY idx_sla_due (county_code, status, fire_at)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE issue_escalation (
      issue_id CHAR(36) NOT NULL PRIMARY KEY,
      township_code VARCHAR(12) NOT NULL,
      village_code VARCHAR(12) NOT NULL,
      due_at DATETIME(3) NOT NULL,
      escalated_at DATETIME(3) NOT NULL,
      KEY idx_escalation_township (township_code, escalated_at)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE notification (
      id CHAR(36) NOT NULL PRIMARY KEY,
      issue_id CHAR(36) NOT NULL,
      kind VARCHAR(30) NOT NULL,
      recipient_user_id CHAR(36) NULL,
      audience_region VARCHAR(12) NULL,
      message VARCHAR(200) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      KEY idx_notification_recipient (recipient_user_id, id),
      KEY idx_notification_audience (audience_region, id)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE county_settings (
      county_code CHAR(6) NOT NULL PRIMARY KEY,
      work_start CHAR(5) NOT NULL,
      work_end CHAR(5) NOT NULL,
      time_zone VARCHAR(40) NOT NULL,
      weekends_only_fallback TINYINT(1) NOT NULL,
      response_sla_seconds INT NOT NULL,
      reminder_percents JSON NOT NULL,
      rate_reminder_seconds INT NOT NULL,
      auto_close_seconds INT NOT NULL,
      updated_at DATETIME(3) NOT NULL
    ) ${TABLE}`);
    await q.query(`CREATE TABLE calendar_year (
      county_code CHAR(6) NOT NULL,
      year SMALLINT NOT NULL,
      holidays JSON NOT NULL,
      make_up_workdays JSON NOT NULL,
      source VARCHAR(500) NULL,
      loaded_by CHAR(36) NOT NULL,
      loaded_at DATETIME(3) NOT NULL,
      PRIMARY KEY (county_code, year)
    ) ${TABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['calendar_year', 'county_settings', 'notification', 'issue_escalation', 'sla_reminder', 'issue_party', 'issue_event', 'issue']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
