import type { BaseContext } from 'clipanion';
import type { DependencyContainer } from 'tsyringe';

/** What every command receives: clipanion's stdio and env, plus the invocation's DI container. */
export interface CommandContext extends BaseContext {
  container: DependencyContainer;
}
