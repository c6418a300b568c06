import { Brackets, In, type EntityManager } from 'typeorm';
import { IssueEntity, IssueEventEntity, IssuePartyEntity } from './issue.entity';

export interface IssueFilter {
  /** Region prefixes (significant digits) where the caller sees every issue. */
  staffPrefixes: string[];
  /** Villages where the caller sees public issues. */
  publicVillages: string[];
  /** The caller's own issues are always visible. */
  userId: string;
  villageCode?: string;
  status?: string;
  onlyMine?: boolean;
}

export class IssueRepository {
  constructor(private readonly manager: EntityManager) {}

  findById(id: string): Promise<IssueEntity | null> {
    return this.manager.findOneBy(IssueEntity, { id });
  }

  findByIds(ids: readonly string[]): Promise<IssueEntity[]> {
    return ids.length ? this.manager.findBy(IssueEntity, { id: In([...ids]) }) : Promise.resolve([]);
  }

  /** Serialises transitions of one issue for the rest of the transaction. */
  async findByIdForUpdate(id: string): Promise<IssueEntity | null> {
    // Plain SQL: this runs for every reminder the worker fires, and TypeORM's find costs more CPU than the query.
    const rows: IssueRow[] = await this.manager.query('SELECT * FROM issue WHERE id = ? FOR UPDATE', [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** Locks several issues in primary-key order, the order every batch of reminders takes (so batches queue, never deadlock). */
  async findByIdsForUpdate(ids: readonly string[]): Promise<IssueEntity[]> {
    if (!ids.length) return [];
    const rows: IssueRow[] = await this.manager.query(`SELECT * FROM issue WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id FOR UPDATE`, [...ids]);
    return rows.map(fromRow);
  }

  findByRaiserKey(raiserUserId: string, idempotencyKey: string): Promise<IssueEntity | null> {
    return this.manager.findOneBy(IssueEntity, { raiserUserId, idempotencyKey });
  }

  async insert(issue: IssueEntity): Promise<void> {
    await this.manager.insert(IssueEntity, issue);
  }

  async update(id: string, changes: Partial<IssueEntity>): Promise<void> {
    await this.manager.update(IssueEntity, { id }, changes);
  }

  async updateMany(ids: readonly string[], changes: Partial<IssueEntity>): Promise<void> {
    if (ids.length) await this.manager.update(IssueEntity, { id: In([...ids]) }, changes);
  }

  /** Newest first, keyset on id (UUIDv7). */
  page(filter: IssueFilter, beforeId: string | null, limit: number): Promise<IssueEntity[]> {
    const qb = this.manager.createQueryBuilder(IssueEntity, 'i').orderBy('i.id', 'DESC').limit(limit);
    qb.where(
      new Brackets((w) => {
        w.where('i.raiser_user_id = :userId', { userId: filter.userId });
        filter.staffPrefixes.forEach((p, n) => w.orWhere(`i.village_code LIKE :sp${n}`, { [`sp${n}`]: `${p}%` }));
        if (filter.publicVillages.length) {
          w.orWhere('(i.is_public = 1 AND i.village_code IN (:...pv))', { pv: filter.publicVillages });
        }
      }),
    );
    if (filter.onlyMine) qb.andWhere('i.raiser_user_id = :me', { me: filter.userId });
    if (filter.villageCode) qb.andWhere('i.village_code = :vc', { vc: filter.villageCode });
    if (filter.status) qb.andWhere('i.status = :st', { st: filter.status });
    if (beforeId) qb.andWhere('i.id < :beforeId', { beforeId });
    return qb.getMany();
  }

  byHousehold(householdId: string, limit: number): Promise<IssueEntity[]> {
    return this.manager.find(IssueEntity, { where: { householdId }, order: { id: 'DESC' }, take: limit });
  }

  /** Issues of a region raised in [from, to), for figures. */
  inRegion(prefix: string, from: Date, to: Date): Promise<IssueEntity[]> {
    return this.manager
      .createQueryBuilder(IssueEntity, 'i')
      .where('i.village_code LIKE :p', { p: `${prefix}%` })
      .andWhere('i.raised_at >= :from AND i.raised_at < :to', { from, to })
      .getMany();
  }

  async countOverdueOpen(prefix: string): Promise<Array<{ villageCode: string; n: number }>> {
    const rows: Array<{ village_code: string; n: string }> = await this.manager.query(
      `SELECT village_code, COUNT(*) AS n FROM issue
        WHERE village_code LIKE ? AND overdue_at IS NOT NULL AND first_response_at IS NULL GROUP BY village_code`,
      [`${prefix}%`],
    );
    return rows.map((r) => ({ villageCode: r.village_code, n: Number(r.n) }));
  }

  async addEvent(event: IssueEventEntity): Promise<void> {
    await this.manager.insert(IssueEventEntity, event);
  }

  /** One multi-row INSERT. */
  async addEvents(events: IssueEventEntity[]): Promise<void> {
    if (!events.length) return;
    await this.manager.query(
      `INSERT INTO issue_event (id, issue_id, kind, actor_user_id, from_status, to_status, note, occurred_at) VALUES ${events.map(() => '(?,?,?,?,?,?,?,?)').join(',')}`,
      events.flatMap((e) => [e.id, e.issueId, e.kind, e.actorUserId, e.fromStatus, e.toStatus, e.note, e.occurredAt]),
    );
  }

  eventsOf(issueIds: readonly string[]): Promise<IssueEventEntity[]> {
    return issueIds.length
      ? this.manager.find(IssueEventEntity, { where: { issueId: In([...issueIds]) }, order: { id: 'ASC' } })
      : Promise.resolve([]);
  }

  async addParties(parties: IssuePartyEntity[]): Promise<void> {
    if (parties.length) await this.manager.insert(IssuePartyEntity, parties);
  }

  partiesOf(issueIds: readonly string[]): Promise<IssuePartyEntity[]> {
    return issueIds.length
      ? this.manager.find(IssuePartyEntity, { where: { issueId: In([...issueIds]) }, order: { id: 'ASC' } })
      : Promise.resolve([]);
  }

  async updateParty(id: string, changes: Partial<IssuePartyEntity>): Promise<void> {
    await this.manager.update(IssuePartyEntity, { id }, changes);
  }
}

interface IssueRow {
  [column: string]: unknown;
}

function fromRow(r: IssueRow): IssueEntity {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date));
  const bool = (v: unknown) => (v === null || v === undefined ? null : Number(v) === 1);
  return {
    id: r.id as string,
    villageCode: r.village_code as string,
    countyCode: r.county_code as string,
    raiserUserId: r.raiser_user_id as string,
    idempotencyKey: (r.idempotency_key as string | null) ?? null,
    householdId: (r.household_id as string | null) ?? null,
    category: r.category as string,
    title: r.title as string,
    body: r.body as string,
    photoUrls: typeof r.photo_urls === 'string' ? JSON.parse(r.photo_urls) : (r.photo_urls as string[]),
    isPublic: Number(r.is_public) === 1,
    status: r.status as string,
    reopenCount: Number(r.reopen_count),
    raisedAt: date(r.raised_at)!,
    dueAt: date(r.due_at)!,
    firstResponseAt: date(r.first_response_at),
    firstResponderId: (r.first_responder_id as string | null) ?? null,
    responseWorkingMinutes: r.response_working_minutes === null ? null : Number(r.response_working_minutes),
    respondedOnTime: bool(r.responded_on_time),
    overdueAt: date(r.overdue_at),
    outcome: (r.outcome as string | null) ?? null,
    settledAt: date(r.settled_at),
    closedAt: date(r.closed_at),
    rating: r.rating === null ? null : Number(r.rating),
    ratingComment: (r.rating_comment as string | null) ?? null,
  };
}
