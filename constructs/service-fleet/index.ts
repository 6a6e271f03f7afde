export * from './schedule';
export * from './service-fleet';
