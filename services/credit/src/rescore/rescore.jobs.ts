/** The batch rescoring queue (per service, under `<base>:{credit}`); one job per run, the run id is the job id. */
export const RESCORE_QUEUE = 'credit-rescore';
export const RESCORE_JOB = 'rescore.county';

export interface RescoreJob {
  runId: string;
}

/** The nightly run of a county: the scheduler's job creates a run, then rescoring proceeds as for a manual one. */
export const NIGHTLY_JOB = 'rescore.nightly';

export interface NightlyJob {
  countyCode: string;
}

export const nightlySchedulerId = (countyCode: string) => `nightly-rescore-${countyCode}`;
