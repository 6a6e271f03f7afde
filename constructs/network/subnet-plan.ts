/** The subnet layout lives in foundation/ so that input validation carves the same subnets. */
export * from '../../foundation/subnet-plan';
