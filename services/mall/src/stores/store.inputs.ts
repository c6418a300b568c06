import { ArrayMaxSize, IsDate, IsOptional, IsUrl, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ProductCategory } from '../catalogue/product.entity';

@InputType()
export class CreateStoreInput {
  @Field()
  @Length(1, 100)
  name: string;

  @Field(() => ID, { description: 'A village or township code' })
  @Matches(/^\d{12}$/, { message: 'regionCode must have 12 digits' })
  regionCode: string;

  @Field({ defaultValue: false })
  unmanned: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  address?: string | null;
}

@InputType()
export class CreateProductInput {
  @Field(() => ID)
  @Length(36, 36)
  storeId: string;

  @Field()
  @Length(1, 100)
  name: string;

  @Field(() => ProductCategory)
  category: ProductCategory;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  photoUrl?: string | null;

  @Field(() => Int)
  @Min(1)
  @Max(1_000_000)
  price: number;

  @Field(() => Int)
  @Min(0)
  @Max(1_000_000)
  stock: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  monthlyLimit?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  lowStockThreshold?: number | null;
}

@InputType()
export class UpdateProductInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  name?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(1_000_000)
  price?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  photoUrl?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  monthlyLimit?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  lowStockThreshold?: number | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}

@InputType()
export class EventPriceInput {
  @Field(() => ID)
  @Length(36, 36)
  productId: string;

  @Field(() => Int)
  @Min(1)
  @Max(1_000_000)
  price: number;
}

@InputType()
export class CreateExchangeEventInput {
  @Field(() => ID)
  @Length(36, 36)
  storeId: string;

  @Field()
  @Length(1, 100)
  name: string;

  @Field()
  @IsDate({ message: 'startsAt must be a valid date-time' })
  startsAt: Date;

  @Field()
  @IsDate({ message: 'endsAt must be a valid date-time' })
  endsAt: Date;

  @Field(() => [EventPriceInput])
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  prices: EventPriceInput[];
}
