/**
 * What the verify workflow needs, as plain data (JSON-safe): the hosts to probe with their SSH endpoints,
 * the probes of each, and the planned checks with their rules and source locations. Built by a pure
 * function of the model wherever the document is parsed (the CLI; the language server for the editor).
 */
import type { TopologyModel } from '../model/topology-model.js';
import type { HostTarget } from './host-target.js';
import { planVerify, type PlannedCheck } from './verify-plan.js';
import type { Probe } from './verify-probe-script.js';
import type { VerifyOptions } from './verify-types.js';

export interface VerifyInput {
    readonly topology: string;
    /** The document the locations refer to. */
    readonly uri: string;
    /** Every probed host, in a stable order, with its probes. */
    readonly hosts: readonly { readonly target: HostTarget; readonly probes: readonly Probe[] }[];
    readonly checks: readonly PlannedCheck[];
}

export function verifyInput(model: TopologyModel, uri: string, options: Pick<VerifyOptions, 'kinds' | 'handshakeMaxAgeSeconds' | 'tcpTimeoutSeconds'> = {}): VerifyInput {
    const plan = planVerify(model, options);
    return {
        topology: model.name,
        uri,
        hosts: [...plan.probes].map(([name, probes]) => ({ target: plan.hosts.get(name)!, probes })),
        checks: plan.checks
    };
}
