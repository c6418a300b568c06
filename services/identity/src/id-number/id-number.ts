import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** GB 11643-1999 citizen ID number: 17 digits, a valid birth date and the ISO 7064 MOD 11-2 check character. */
export function isValidIdNumber(raw: string): boolean {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day || birth > new Date()) return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return CHECK_CHARS[sum % 11] === id[17];
}

export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** What every response shows: region digits hidden too, only the first 3 and last 4 characters. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}

/**
 * AES-256-GCM at rest; a keyed HMAC for lookups and uniqueness, so the clear number is
 * never stored or compared. The "v1" prefix leaves room for key rotation.
 */
export class IdNumberVault {
  private readonly encryptionKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(encryptionKeyBase64: string, hashKeyBase64: string) {
    this.encryptionKey = Buffer.from(encryptionKeyBase64, 'base64');
    this.hashKey = Buffer.from(hashKeyBase64, 'base64');
  }

  encrypt(id: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(id, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    const raw = Buffer.from(stored.replace(/^v1:/, ''), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  lookupHash(id: string): string {
    return createHmac('sha256', this.hashKey).update(normalizeIdNumber(id)).digest('hex');
  }
}
