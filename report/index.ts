export * from './plan-json';
export * from './plan-markdown';
export * from './runbook';
export * from './topology';
export * from './cost';
