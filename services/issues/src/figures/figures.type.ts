import { Field, ID, Int, ObjectType } from 'type-graphql';
import { UserRef } from '../issues/issue.type';
import type { Figures } from './figures.service';

@ObjectType('IssueFigureRow', { description: 'Evaluation figures of one village, one cadre or the whole region. Rates are per mille.' })
export class FigureRowType {
  @Field({ description: 'Village code, cadre user id, or the region code for the total' })
  key: string;

  @Field(() => UserRef, { nullable: true, description: 'For rows per cadre: the cadre who gave the first response' })
  cadre: UserRef | null;

  @Field(() => Int) raised: number;
  @Field(() => Int) dueOrResponded: number;
  @Field(() => Int) respondedOnTime: number;
  @Field(() => Int, { nullable: true }) onTimePermille: number | null;
  @Field(() => Int, { nullable: true }) medianResponseWorkingMinutes: number | null;
  @Field(() => Int, { nullable: true }) p90ResponseWorkingMinutes: number | null;
  @Field(() => Int) resolved: number;
  @Field(() => Int) explained: number;
  @Field(() => Int) rated: number;
  @Field(() => Int, { nullable: true, description: 'Average stars × 100' }) averageRatingCentistars: number | null;
  @Field(() => Int, { nullable: true, description: 'Ratings of 4–5 stars, per mille' }) goodRatingPermille: number | null;
  @Field(() => Int) overdueNow: number;

  static from(f: Figures, cadre = false): FigureRowType {
    return Object.assign(new FigureRowType(), f, { cadre: cadre ? UserRef.of(f.key) : null });
  }
}

@ObjectType('IssueFigures')
export class IssueFiguresType {
  @Field(() => ID) regionCode: string;
  @Field() from: Date;
  @Field() to: Date;
  @Field(() => FigureRowType) total: FigureRowType;
  @Field(() => [FigureRowType]) villages: FigureRowType[];
  @Field(() => [FigureRowType]) townships: FigureRowType[];
  @Field(() => [FigureRowType]) cadres: FigureRowType[];
}
