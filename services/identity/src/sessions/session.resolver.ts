import { Arg, Mutation, Resolver } from 'type-graphql';
import type { SessionService } from './session.service';
import { AuthPayloadType } from './session.type';

@Resolver()
export class SessionResolver {
  constructor(private readonly sessions: SessionService) {}

  @Mutation(() => AuthPayloadType, { description: 'Password login with the registered phone number' })
  async login(@Arg('phone') phone: string, @Arg('password') password: string): Promise<AuthPayloadType> {
    return Object.assign(new AuthPayloadType(), await this.sessions.login(phone.slice(0, 20), password.slice(0, 200)));
  }

  @Mutation(() => AuthPayloadType, { description: 'Rotate: the old refresh token stops working; reusing it ends the session' })
  async refreshSession(@Arg('refreshToken') refreshToken: string): Promise<AuthPayloadType> {
    return Object.assign(new AuthPayloadType(), await this.sessions.refresh(refreshToken.slice(0, 200)));
  }

  @Mutation(() => Boolean)
  logout(@Arg('refreshToken') refreshToken: string): Promise<boolean> {
    return this.sessions.logout(refreshToken.slice(0, 200));
  }
}
