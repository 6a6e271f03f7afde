export * from './assumptions';
export * from './drivers';
export * from './model';
export * from './types';
