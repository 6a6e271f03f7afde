export * from './search-cluster';
