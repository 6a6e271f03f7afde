export * from './build';
export * from './environment-stack';
export * from './global-stack';
export * from './regional-stack';
