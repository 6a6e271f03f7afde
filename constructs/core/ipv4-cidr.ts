/** IPv4 CIDR parsing lives in foundation/ so that input validation parses the same way. */
export * from '../../foundation/ipv4-cidr';
