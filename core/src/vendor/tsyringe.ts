// tsyringe for plugins, after the Reflect metadata polyfill it needs. Names are listed (not `export *`) so bundling keeps them.
import 'reflect-metadata';
export type * from 'tsyringe';
export {
  Lifecycle,
  autoInjectable,
  container,
  delay,
  inject,
  injectAll,
  injectAllWithTransform,
  injectWithTransform,
  injectable,
  instanceCachingFactory,
  instancePerContainerCachingFactory,
  isClassProvider,
  isFactoryProvider,
  isNormalToken,
  isTokenProvider,
  isValueProvider,
  predicateAwareClassFactory,
  registry,
  scoped,
  singleton,
} from 'tsyringe';
