export * from './dns-failover';
export * from './policies';
export * from './routing';
export * from './geo-routing';
