export * from './global-database';
export * from './policies';
export * from './sharded-database';
export * from './slot-map';
export * from './windows';
export * from './engine';
export * from './master-password';
