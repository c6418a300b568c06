import { pointsLauncher } from './launch-points';
import { mallLauncher } from './launch-mall';
import { creditLauncher } from './launch-credit';
import { issuesLauncher } from './launch-issues';
import type { ServiceLauncher } from './launchers';

/**
 * Subgraphs started by the test platform after identity, in order (a service that calls
 * another at start-up comes after it). One line per service.
 */
export const SERVICE_LAUNCHERS: ServiceLauncher[] = [pointsLauncher, mallLauncher, creditLauncher, issuesLauncher];
