export * from './application-key';
