export * from './backup';
export * from './blueprint';
export * from './common';
export * from './environment';
export * from './application';
export * from './shared-services';
