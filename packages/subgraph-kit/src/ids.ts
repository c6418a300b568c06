import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids: sortable for cursors, and no reliance on auto-increment (TiDB/Vitess). */
export function newId(): string {
  return uuidv7();
}
