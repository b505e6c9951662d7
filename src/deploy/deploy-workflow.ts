/**
 * The deploy, orchestrated once for every shell: secrets → WireGuard keys collected on the hosts → render
 * → plan (a diff per file) → server-side dry run of the cluster manifests → one confirmation → apply host
 * by host in the safe order → the cluster manifests. The shell gives the ports (progress, confirmation,
 * secrets, SSH connection, render) and presents the outcome.
 *
 * Decided once, for every shell:
 * - a secret the topology names but the store lacks stops the deploy before any connection; a plan-only
 *   run warns and plans with the secret left out;
 * - a WireGuard key that cannot be read or generated stops the deploy before anything changes (a mesh
 *   rendered without one member would be incomplete); a plan-only run warns and plans the mesh without it;
 * - a Node that clusters/<cluster>/nodes.yaml names but the cluster lacks stops the deploy (and the plan) before
 *   anything changes: its server-side apply would create a phantom Node; each finding is on the node's line;
 * - the cluster manifests are dry-run server-side during the plan whenever there is a question to ask
 *   (or only a plan to show), so the question says what the API server accepts; the apply dry-runs them
 *   all again right before applying, and applies nothing unless every one is accepted then;
 * - one SSH session per host for the whole deploy, in a pool this workflow opens and closes, once;
 * - the apply is pinned to the plan: each host file is replaced only if the host still holds what the plan
 *   read (checked on the host inside its lock); drift (a file changed by hand since bgptopo installed it)
 *   is overwritten only when the request says so or the shell's own drift question is answered yes — never
 *   by the deploy confirmation alone; a pinned plan file (`--apply PLAN`) replaces the question.
 */
import type { RenderedFile } from '../render/render-types.js';
import { applyModelManifests, clusterFiles, missingNodes, type MissingNode, type ModelManifestsResult } from './deploy-kubernetes.js';
import type { DeployInput } from './deploy-input.js';
import { pinToPlanFile } from './deploy-plan-file.js';
import type { PlannedRestart } from './deploy-restart.js';
import { applyPlans, planHosts, SUCCESS, type PlanRun } from './deploy-run.js';
import type { FilePlan, HostDeployResult, HostPlan } from './deploy-types.js';
import { collectPublicKeys } from './deploy-wireguard-keys.js';
import type { HostConnect } from './host-target.js';
import { sessionPool } from './ssh-session-pool.js';
import type { SecretSource, WorkflowProgress } from './workflow-ports.js';

export interface RenderRequest {
    readonly publicKeys: ReadonlyMap<string, string>;
    readonly secrets: (name: string) => string | undefined;
    /** Plan only: a missing key or secret is left out of the files instead of refused. */
    readonly planOnly: boolean;
}

export interface DeployQuestion {
    readonly changes: readonly { readonly host: string; readonly file: FilePlan }[];
    /** Services the apply restarts instead of reloading (all sessions of that router drop). */
    readonly restarts: readonly { readonly host: string; readonly restart: PlannedRestart }[];
    readonly hosts: number;
    /** The dry run of the cluster manifests, when there are any. */
    readonly manifests?: ModelManifestsResult;
    readonly unreachable: readonly HostDeployResult[];
}

export interface DeployPorts {
    /** Opens a new session per call; the workflow pools them and closes them. */
    readonly connect: HostConnect;
    readonly progress: WorkflowProgress;
    readonly secrets: SecretSource;
    /** Renders every file of the topology (the shell knows the templates and where the model is). */
    render(request: RenderRequest): Promise<readonly RenderedFile[]>;
    /** The plan, as soon as it is known (before any question): the shell shows it. */
    showPlan?(plan: DeployPlanSummary): void;
    /** Asked once, after the plan; absent when the shell was told to apply without asking (`--yes`). */
    readonly confirm?: (question: DeployQuestion) => Promise<boolean>;
    /** Asked after the confirmation when the plan holds drift: overwrite those files? Absent: never. */
    readonly confirmDrift?: (drifted: readonly { readonly host: string; readonly file: FilePlan }[]) => Promise<boolean>;
    /** Each host's result as soon as it is known. */
    hostStarted?(host: string): void;
    hostFinished?(result: HostDeployResult): void;
}

export interface DeployRequest {
    readonly planOnly: boolean;
    /** Apply the cluster manifests too (false when only some hosts are deployed). */
    readonly manifests: boolean;
    readonly concurrency: number;
    /** Who deploys, recorded in each host's lock. */
    readonly owner: string;
    readonly healthTimeoutSeconds?: number;
    /** Overwrite drift without asking (`--overwrite-drift`). */
    readonly overwriteDrift?: boolean;
    /** The text of a plan written by a plan-only run (`--plan --out`): apply exactly that, without a question. */
    readonly pinnedPlan?: string;
}

export interface DeployPlanSummary {
    readonly run: Omit<PlanRun, 'sessions'>;
    readonly changes: readonly { readonly host: string; readonly file: FilePlan }[];
    /** The cluster manifests to apply (none when the request leaves them out). */
    readonly manifests: readonly RenderedFile[];
    readonly dryRun?: ModelManifestsResult;
}

export type DeployOutcome =
    | { readonly status: 'missing-secrets'; readonly names: readonly string[] }
    | { readonly status: 'keys-failed'; readonly failures: readonly { readonly host: string; readonly message: string }[] }
    /** A Node that nodes.yaml names does not exist in its cluster: nothing was applied (plan-only: nothing planned). */
    | { readonly status: 'nodes-missing'; readonly missing: readonly MissingNode[] }
    | { readonly status: 'planned'; readonly plan: DeployPlanSummary }
    | { readonly status: 'nothing-reachable'; readonly plan: DeployPlanSummary }
    | { readonly status: 'up-to-date'; readonly plan: DeployPlanSummary }
    | { readonly status: 'not-confirmed'; readonly plan: DeployPlanSummary }
    /** The hosts or the topology no longer match the pinned plan file: nothing was changed. */
    | { readonly status: 'plan-mismatch'; readonly plan: DeployPlanSummary; readonly problems: readonly string[] }
    | {
          readonly status: 'applied';
          readonly plan: DeployPlanSummary;
          /** Every host, in plan order (unreachable and skipped ones included). */
          readonly results: readonly HostDeployResult[];
          /** Undefined when there were none, or they were skipped (`manifestsSkipped`). */
          readonly manifests?: ModelManifestsResult;
          readonly manifestsSkipped: boolean;
      };

export async function runDeploy(input: DeployInput, request: DeployRequest, ports: DeployPorts): Promise<DeployOutcome> {
    const { values, missing } = await ports.secrets.resolve(input.secretNames);
    if (missing.length > 0) {
        if (!request.planOnly) {
            return { status: 'missing-secrets', names: missing };
        }
        ports.progress.warn(`secret(s) ${missing.join(', ')} not set: planned without them`);
    }
    const secrets = (name: string) => values.get(name);
    const pool = sessionPool(ports.connect);
    const options = { concurrency: request.concurrency, owner: request.owner, healthTimeoutSeconds: request.healthTimeoutSeconds };
    try {
        const planned = await ports.progress.stage(`planning the deploy of ${input.topology}`, async (report) => {
            let publicKeys = new Map<string, string>();
            if (input.meshes.length > 0) {
                report.message(`collecting WireGuard keys of ${input.meshes.map((mesh) => mesh.name).join(', ')}`);
                const collected = await report.race(collectPublicKeys(input, pool.connect, !request.planOnly));
                if (collected.failures.length > 0 && !request.planOnly) {
                    return { keysFailed: true, failures: collected.failures } as const;
                }
                collected.failures.forEach((failure) => ports.progress.warn(`${failure.host}: WireGuard key not collected: ${failure.message}`));
                publicKeys = collected.keys;
            }
            const files = await ports.render({ publicKeys, secrets, planOnly: request.planOnly });
            if (request.manifests && clusterFiles(files).some((file) => file.kind === 'nodes')) {
                report.message("checking that the Nodes of nodes.yaml exist");
                const missing = await report.race(missingNodes(input, pool.connect));
                if (missing.length > 0) {
                    return { keysFailed: false, nodesMissing: missing } as const;
                }
            }
            report.message(`reading the current files of ${new Set(files.map((file) => file.host).filter(Boolean)).size} host(s)`);
            const run = await report.race(planHosts(input, files, pool.connect, { ...options, reporter: { info: (line) => ports.progress.info(line) } }));
            const manifests = request.manifests ? clusterFiles(files) : [];
            let dryRun: ModelManifestsResult | undefined;
            if (manifests.length > 0 && (request.planOnly || ports.confirm)) {
                report.message('server-side dry run of the cluster manifests');
                dryRun = await report.race(applyModelManifests(input, manifests, secrets, pool.connect, { dryRunOnly: true }));
            }
            const changes = changesOf(run.plans);
            return { keysFailed: false, run, plan: { run: { plans: run.plans, failures: run.failures }, changes, manifests, dryRun } satisfies DeployPlanSummary } as const;
        });
        if (planned.keysFailed) {
            return { status: 'keys-failed', failures: planned.failures };
        }
        if ('nodesMissing' in planned && planned.nodesMissing) {
            return { status: 'nodes-missing', missing: planned.nodesMissing };
        }
        const { run, plan } = planned;
        ports.showPlan?.(plan);
        if (request.pinnedPlan !== undefined && !request.planOnly) {
            // The reviewed plan replaces what was just read: the host must still hold what the plan read.
            const pinned = pinToPlanFile(run.plans, request.pinnedPlan);
            if ('problems' in pinned) {
                return { status: 'plan-mismatch', plan, problems: pinned.problems };
            }
            run.plans.splice(0, run.plans.length, ...pinned.plans);
            plan.changes.splice(0, plan.changes.length, ...changesOf(run.plans));
        }
        if (request.planOnly) {
            return { status: 'planned', plan };
        }
        if (run.plans.length === 0 && run.failures.length > 0) {
            return { status: 'nothing-reachable', plan };
        }
        if (plan.changes.length === 0 && plan.manifests.length === 0) {
            return { status: 'up-to-date', plan };
        }
        if (ports.confirm && request.pinnedPlan === undefined) {
            const restarts = run.plans.flatMap((hostPlan) => hostPlan.restarts.map((restart) => ({ host: hostPlan.host, restart })));
            const question = { changes: plan.changes, restarts, hosts: new Set(plan.changes.map((change) => change.host)).size, manifests: plan.dryRun, unreachable: run.failures };
            if (!(await ports.confirm(question))) {
                return { status: 'not-confirmed', plan };
            }
        }
        const drifted = plan.changes.filter((change) => change.file.drift);
        const overwriteDrift = request.overwriteDrift === true || (drifted.length > 0 && ports.confirmDrift !== undefined && (await ports.confirmDrift(drifted)));
        return await ports.progress.stage(`deploying ${input.topology}`, async (report) => {
            const results = await applyPlans(input, run, {
                ...options,
                overwriteDrift,
                // A new session (not the pool's) reads a run back from the host after a lost connection.
                reconnect: ports.connect,
                reporter: {
                    info: (line) => ports.progress.info(line),
                    hostStarted: (host) => {
                        report.message(host);
                        ports.hostStarted?.(host);
                    },
                    hostFinished: (result) => ports.hostFinished?.(result),
                    cancelled: () => report.cancelled()
                }
            });
            const everyHostDone = run.failures.length === 0 && results.every((result) => SUCCESS.includes(result.outcome));
            if (plan.manifests.length === 0) {
                return { status: 'applied', plan, results, manifestsSkipped: false } as const;
            }
            if (!everyHostDone) {
                return { status: 'applied', plan, results, manifestsSkipped: true } as const;
            }
            report.message('applying the cluster manifests');
            const manifests = await applyModelManifests(input, plan.manifests, secrets, pool.connect, { dryRunOnly: false });
            return { status: 'applied', plan, results, manifests, manifestsSkipped: false } as const;
        });
    } finally {
        pool.closeAll();
    }
}

function changesOf(plans: readonly HostPlan[]): { host: string; file: FilePlan }[] {
    return plans.flatMap((plan) => plan.files.filter((file) => file.change !== 'unchanged').map((file) => ({ host: plan.host, file })));
}
