export * from './alarm-rule';
export * from './dashboard';
export * from './monitoring';
export * from './policies';
export * from './alarm-tree';
