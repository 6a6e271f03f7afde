export * from './attachment-store';
export * from './backup-vault';
export * from './core';
export * from './ebs-key';
export * from './load-balancer';
export * from './network';
export * from './service-fleet';
export * from './sharded-database';
