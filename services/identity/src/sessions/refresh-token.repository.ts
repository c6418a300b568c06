import { IsNull, type EntityManager } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';

export class RefreshTokenRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Locked so two concurrent refreshes with one token cannot both rotate it. */
  findByHashForUpdate(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.manager.findOne(RefreshTokenEntity, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(token: RefreshTokenEntity): Promise<void> {
    await this.manager.insert(RefreshTokenEntity, token);
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.manager.update(RefreshTokenEntity, { id }, { usedAt: at });
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await this.manager.update(RefreshTokenEntity, { familyId, revokedAt: IsNull() }, { revokedAt: at });
  }
}
