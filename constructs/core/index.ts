export * from './logical-id';
export * from './naming';
export * from './tags';
export * from './partition';
export * from './policy';
export * from './kms-policy';
export * from './logs-policy';
export * from './topic-policy';
