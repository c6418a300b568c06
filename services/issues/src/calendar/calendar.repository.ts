import type { EntityManager } from 'typeorm';
import { CalendarYearEntity, CountySettingsEntity } from './calendar.entity';

export class CalendarRepository {
  constructor(private readonly manager: EntityManager) {}

  settings(countyCode: string): Promise<CountySettingsEntity | null> {
    return this.manager.findOneBy(CountySettingsEntity, { countyCode });
  }

  async saveSettings(row: CountySettingsEntity): Promise<void> {
    await this.manager.upsert(CountySettingsEntity, row, ['countyCode']);
  }

  years(countyCode: string): Promise<CalendarYearEntity[]> {
    return this.manager.find(CalendarYearEntity, { where: { countyCode }, order: { year: 'ASC' } });
  }

  async saveYear(row: CalendarYearEntity): Promise<void> {
    await this.manager.upsert(CalendarYearEntity, row, ['countyCode', 'year']);
  }
}
