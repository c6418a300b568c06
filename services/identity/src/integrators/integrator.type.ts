import { IntegratorKind } from '@gongzhi/subgraph-kit';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { IntegratorClientEntity } from './integrator-client.entity';

registerEnumType(IntegratorKind, { name: 'IntegratorKind' });

@ObjectType('IntegratorClient', { description: 'A bank, hospital, merchant or agency using OAuth2 client credentials' })
export class IntegratorClientType {
  @Field(() => ID)
  clientId: string;

  @Field()
  name: string;

  @Field(() => IntegratorKind)
  kind: IntegratorKind;

  @Field(() => ID)
  regionCode: string;

  @Field(() => [String])
  scopes: string[];

  @Field()
  secretRotatedAt: Date;

  static from(entity: IntegratorClientEntity): IntegratorClientType {
    return Object.assign(new IntegratorClientType(), {
      clientId: entity.clientId,
      name: entity.name,
      kind: entity.kind,
      regionCode: entity.regionCode,
      scopes: entity.scopes.split(' '),
      secretRotatedAt: entity.secretRotatedAt,
    });
  }
}

@ObjectType('IntegratorCredentials', { description: 'The client secret is shown only here, once' })
export class IntegratorCredentialsType {
  @Field(() => IntegratorClientType)
  client: IntegratorClientType;

  @Field()
  clientSecret: string;
}
