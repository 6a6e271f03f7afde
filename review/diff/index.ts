export * from './types';
export * from './tables';
export * from './values';
export * from './compare';
export * from './load';
export * from './markdown';
export * from './json';
