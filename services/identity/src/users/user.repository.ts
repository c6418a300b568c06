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

  async insertMany(users: UserEntity[]): Promise<void> {
    if (users.length) await this.manager.createQueryBuilder().insert().into(UserEntity).values(users).execute();
  }

  findByIdNumberHashes(hashes: string[]): Promise<UserEntity[]> {
    return hashes.length ? this.manager.findBy(UserEntity, { idNumberHash: In(hashes) }) : Promise.resolve([]);
  }

  findByPhones(phones: string[]): Promise<UserEntity[]> {
    return phones.length ? this.manager.findBy(UserEntity, { phone: In(phones) }) : Promise.resolve([]);
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.manager.update(UserEntity, { id }, { passwordHash });
  }
}
