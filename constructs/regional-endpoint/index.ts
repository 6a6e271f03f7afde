export * from './naming';
export * from './regional-endpoint';
