// tsyringe needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
export * from 'tsyringe';
