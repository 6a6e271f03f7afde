export * from './shared-file-system';
