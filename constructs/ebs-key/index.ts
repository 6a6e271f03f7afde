export * from './ebs-key';
