export * from './plan-json';
export * from './plan-markdown';
