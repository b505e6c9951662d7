/**
 * Pinned plans for CI: `deploy --plan --out PLAN` writes what a reviewed plan will do, and `deploy --apply
 * PLAN` applies exactly that or nothing. The file holds checksums, never contents (rendered files can hold
 * secrets): per host and file the change, the sha256 of what the plan read on the host, the sha256 of the
 * new content, and drift. Applying renders and reads the hosts again; the new contents must be the ones
 * the plan reviewed, and each host file must still be what the plan read — checked on the host inside the
 * lock (deploy-apply.sh), so a hand edit after the review is kept and reported.
 */
import { sha256 } from './remote-bundle.js';
import type { FilePlan, HostPlan } from './deploy-types.js';

const FORMAT = 'bgptopo-plan/1';

interface PlanFileEntry {
    readonly path: string;
    readonly change: FilePlan['change'];
    readonly currentSha: string;
    readonly newSha: string;
    readonly drift: boolean;
}

interface PlanFile {
    readonly format: string;
    readonly topology: string;
    readonly hosts: { readonly host: string; readonly files: PlanFileEntry[]; readonly restarts: string[] }[];
}

export function planFileText(plans: readonly HostPlan[], topology: string): string {
    const file: PlanFile = {
        format: FORMAT,
        topology,
        hosts: plans.map((plan) => ({
            host: plan.host,
            files: plan.files.map((entry) => ({
                path: entry.file.path,
                change: entry.change,
                currentSha: entry.currentSha,
                newSha: sha256(entry.file.content),
                drift: entry.drift !== undefined
            })),
            restarts: plan.restarts.map((restart) => restart.service)
        }))
    };
    return `${JSON.stringify(file, null, 2)}\n`;
}

export type PinnedPlans = { readonly plans: HostPlan[] } | { readonly problems: string[] };

/**
 * The fresh plans pinned to a plan file: what each host file must still hold is what the plan file read
 * (not what was read now), and the change and drift are the reviewed ones. Problems when the file is not a
 * plan, or the topology no longer renders what the plan reviewed.
 */
export function pinToPlanFile(fresh: readonly HostPlan[], text: string): PinnedPlans {
    let file: PlanFile;
    try {
        file = JSON.parse(text) as PlanFile;
    } catch (error) {
        return { problems: [`not a plan file: ${error instanceof Error ? error.message : String(error)}`] };
    }
    if (file?.format !== FORMAT || !Array.isArray(file.hosts)) {
        return { problems: [`not a plan file (format ${JSON.stringify(file?.format)}, expected ${FORMAT})`] };
    }
    const problems: string[] = [];
    const reviewed = new Map(file.hosts.map((host) => [host.host, new Map(host.files.map((entry) => [entry.path, entry]))]));
    for (const host of reviewed.keys()) {
        if (!fresh.some((plan) => plan.host === host)) {
            problems.push(`${host}: in the plan but not planned now (unreachable, or not in --hosts)`);
        }
    }
    const plans = fresh.map((plan): HostPlan => {
        const files = reviewed.get(plan.host);
        if (!files) {
            problems.push(`${plan.host}: planned now but not in the plan`);
            return plan;
        }
        for (const path of files.keys()) {
            if (!plan.files.some((entry) => entry.file.path === path)) {
                problems.push(`${plan.host}:${path}: in the plan but no longer rendered`);
            }
        }
        return {
            ...plan,
            files: plan.files.map((entry): FilePlan => {
                const pinned = files.get(entry.file.path);
                if (!pinned) {
                    problems.push(`${plan.host}:${entry.file.path}: rendered now but not in the plan`);
                    return entry;
                }
                if (pinned.newSha !== sha256(entry.file.content)) {
                    problems.push(`${plan.host}:${entry.file.path}: the topology renders it differently than the reviewed plan`);
                }
                return {
                    ...entry,
                    change: pinned.change,
                    currentSha: pinned.currentSha,
                    drift: pinned.drift ? (entry.drift ?? { installedSha: 'unknown' }) : undefined
                };
            })
        };
    });
    return problems.length > 0 ? { problems } : { plans };
}
