/** The batch rescoring queue (per service, under `<base>:{credit}`); one job per run, the run id is the job id. */
export const RESCORE_QUEUE = 'credit-rescore';
export const RESCORE_JOB = 'rescore.county';

export interface RescoreJob {
  runId: string;
}
