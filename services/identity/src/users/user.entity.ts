import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('app_user')
export class UserEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  phone: string;

  /** AES-GCM ciphertext; the clear number is never stored. */
  @Column({ name: 'id_number_cipher', type: 'varchar', length: 255 })
  idNumberCipher: string;

  @Column({ name: 'id_number_hash', type: 'char', length: 64 })
  idNumberHash: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
