/** The failover runbook of a capacity plan: the model (./model.ts), how it is built (./failover-runbook.ts), its Markdown (./markdown.ts). */
export * from './model';
export { failoverRunbook } from './failover-runbook';
export { renderRunbookMarkdown } from './markdown';
export { singletonRecovery } from './singletons';
