export * from './logical-id';
export * from './naming';
export * from './tags';
export * from './partition';
