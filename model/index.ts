export * from './load';
export * from './problems';
export * from './schema';
export * from './application';
