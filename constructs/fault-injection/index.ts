export * from './duration';
export * from './fault-injection';
export * from './policies';
