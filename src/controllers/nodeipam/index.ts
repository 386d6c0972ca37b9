/** The node IPAM controller (range allocator). */
export { CIDR_ALLOCATOR_COMPONENT, CIDR_NOT_AVAILABLE, nodeIpamController } from './controller.js';
export { CidrSet, NO_CIDRS_REMAINING, formatIPv4CIDR, parseIPv4CIDR } from './cidr-set.js';
