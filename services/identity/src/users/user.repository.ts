import { In, type EntityManager } from 'typeorm';
import { UserEntity } from './user.entity';

export class UserRepository {
  constructor(private readonly manager: EntityManager) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.manager.findOneBy(UserEntity, { id });
  }

  findByIds(ids: readonly string[]): Promise<UserEntity[]> {
    return ids.length ? this.manager.findBy(UserEntity, { id: In([...ids]) }) : Promise.resolve([]);
  }

  findByPhone(phone: string): Promise<UserEntity | null> {
    return this.manager.findOneBy(UserEntity, { phone });
  }

  findByIdNumberHash(idNumberHash: string): Promise<UserEntity | null> {
    return this.manager.findOneBy(UserEntity, { idNumberHash });
  }

  async insert(user: UserEntity): Promise<void> {
    await this.manager.insert(UserEntity, user);
  }
}
