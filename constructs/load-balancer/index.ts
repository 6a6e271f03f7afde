export * from './load-balancer';
export * from './naming';
export * from './routing';
export * from './waf';
