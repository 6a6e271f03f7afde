export * from './backup';
export * from './database';
export * from './dr';
export * from './errors';
export * from './fleet';
export * from './growth';
export * from './plan';
export * from './types';
