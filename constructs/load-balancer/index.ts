export * from './load-balancer';
export * from './naming';
export * from './props';
export * from './routing';
export * from './waf';
