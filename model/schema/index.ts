export * from './backup';
export * from './blueprint';
export * from './common';
export * from './database-engine';
export * from './environment';
export * from './application';
export * from './shared-services';
export * from './residency';
