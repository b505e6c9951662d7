/** Worker-thread entry of a fuzz shard: runs {@link runCampaign} on `workerData` and posts the result back. */
import { parentPort, workerData } from 'node:worker_threads';
import { runCampaign, type CampaignPlan } from './fuzz-campaign.js';

runCampaign(workerData as CampaignPlan).then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (error: unknown) => parentPort?.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
);
