import type { MatrixRow } from '../matrix';
import { creditRows } from './credit';
import { identityRows } from './identity';
import { issuesRows } from './issues';
import { mallRows } from './mall';
import { pointsRows } from './points';

/** Every operation of the supergraph, one row each; a service adds its file here. */
export const MATRIX: MatrixRow[] = [...identityRows, ...pointsRows, ...issuesRows, ...mallRows, ...creditRows];
