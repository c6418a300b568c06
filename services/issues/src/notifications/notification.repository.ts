import { Brackets, type EntityManager } from 'typeorm';
import { NotificationEntity } from './notification.entity';

export class NotificationRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(rows: NotificationEntity[]): Promise<void> {
    if (!rows.length) return;
    await this.manager.query(
      `INSERT INTO notification (id, issue_id, kind, recipient_user_id, audience_region, message, created_at) VALUES ${rows.map(() => '(?,?,?,?,?,?,?)').join(',')}`,
      rows.flatMap((r) => [r.id, r.issueId, r.kind, r.recipientUserId, r.audienceRegion, r.message, r.createdAt]),
    );
  }

  /** Newest first: addressed to the user, or to the staff of a region under one of `prefixes`. */
  inbox(userId: string, prefixes: string[], beforeId: string | null, limit: number): Promise<NotificationEntity[]> {
    const qb = this.manager.createQueryBuilder(NotificationEntity, 'n').orderBy('n.id', 'DESC').limit(limit);
    qb.where(
      new Brackets((w) => {
        w.where('n.recipient_user_id = :userId', { userId });
        prefixes.forEach((p, i) => w.orWhere(`n.audience_region LIKE :p${i}`, { [`p${i}`]: `${p}%` }));
      }),
    );
    if (beforeId) qb.andWhere('n.id < :beforeId', { beforeId });
    return qb.getMany();
  }

  countFor(issueId: string, kind: string): Promise<number> {
    return this.manager.countBy(NotificationEntity, { issueId, kind });
  }
}
