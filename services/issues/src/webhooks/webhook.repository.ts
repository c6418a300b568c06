import type { EntityManager } from 'typeorm';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entity';

export class WebhookRepository {
  constructor(private readonly manager: EntityManager) {}

  async insertEndpoint(row: WebhookEndpointEntity): Promise<void> {
    await this.manager.insert(WebhookEndpointEntity, row);
  }

  activeFor(countyCode: string): Promise<WebhookEndpointEntity[]> {
    return this.manager.findBy(WebhookEndpointEntity, { countyCode, active: true });
  }

  endpointsOf(countyCode: string): Promise<WebhookEndpointEntity[]> {
    return this.manager.find(WebhookEndpointEntity, { where: { countyCode }, order: { createdAt: 'DESC' } });
  }

  async deactivate(id: string): Promise<void> {
    await this.manager.update(WebhookEndpointEntity, { id }, { active: false });
  }

  endpoint(id: string): Promise<WebhookEndpointEntity | null> {
    return this.manager.findOneBy(WebhookEndpointEntity, { id });
  }

  async insertDeliveries(rows: WebhookDeliveryEntity[]): Promise<void> {
    if (rows.length) await this.manager.insert(WebhookDeliveryEntity, rows as never);
  }

  delivery(id: string): Promise<WebhookDeliveryEntity | null> {
    return this.manager.findOneBy(WebhookDeliveryEntity, { id });
  }

  async updateDelivery(id: string, changes: Partial<WebhookDeliveryEntity>): Promise<void> {
    await this.manager.update(WebhookDeliveryEntity, { id }, changes as never);
  }

  pending(countyCode: string, createdBefore: Date, limit: number): Promise<WebhookDeliveryEntity[]> {
    return this.manager
      .createQueryBuilder(WebhookDeliveryEntity, 'd')
      .where("d.county_code = :countyCode AND d.status = 'PENDING' AND d.created_at <= :createdBefore", { countyCode, createdBefore })
      .orderBy('d.created_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  deliveries(countyCode: string, limit: number): Promise<WebhookDeliveryEntity[]> {
    return this.manager.find(WebhookDeliveryEntity, { where: { countyCode }, order: { id: 'DESC' }, take: limit });
  }
}
