/** The load balancer's routing rules live in foundation/ so that input validation applies the same ones. */
export * from '../../foundation/alb-routing';
