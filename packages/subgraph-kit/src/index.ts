import 'reflect-metadata';

export * from './auth';
export * from './config';
export * from './data-source';
export * from './errors';
export * from './events';
export * from './ids';
export * from './loaders';
export * from './logger';
export * from './metrics';
export * from './operational';
export * from './outbox';
export * from './pagination';
export * from './queue';
export * from './region-code';
export * from './schema';
export * from './server';
export * from './testing';
