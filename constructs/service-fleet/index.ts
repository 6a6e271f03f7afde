export * from './image';
export * from './policies';
export * from './schedule';
export * from './service-fleet';
