/** Registers every check with Langium's validation registry, grouped by concern. */
import type { ValidationChecks } from 'langium';
import type { BgptopoAstType } from '../../language/generated/ast.js';
import type { BgptopoServices } from '../bgptopo-module.js';
import { AddressingValidator } from './addressing-validator.js';
import { AnnouncementValidator } from './announcement-validator.js';
import { AnnounceValidator } from './announce-validator.js';
import { AdvertisementValidator } from './advertisement-validator.js';
import { AsnValidator } from './asn-validator.js';
import { DeclarationValidator } from './declaration-validator.js';
import { NameSyntaxValidator } from './name-syntax-validator.js';
import { NetworkRoleValidator } from './network-role-validator.js';
import { OptionDuplicateValidator } from './option-duplicate-validator.js';
import { PeerGroupValidator } from './peer-group-validator.js';
import { PeeringValidator } from './peering-validator.js';
import { PoolValidator } from './pool-validator.js';
import { RouterIdValidator } from './router-id-validator.js';
import { RouterPeeringValidator } from './router-peering-validator.js';
import { SshValueValidator } from './ssh-value-validator.js';
import { SpeakerCapabilityValidator } from './speaker-capability-validator.js';
import { VrrpValidator } from './vrrp-validator.js';
import { WireGuardValidator } from './wireguard-validator.js';

export function registerValidationChecks(services: BgptopoServices): void {
    const registry = services.validation.ValidationRegistry;
    const cache = services.topology.TopologyCache;
    const addressing = new AddressingValidator(cache);
    const routerIds = new RouterIdValidator(cache);
    const announcements = new AnnouncementValidator(cache);
    const announce = new AnnounceValidator(cache);
    const asn = new AsnValidator();
    const declarations = new DeclarationValidator();
    const optionsOnce = new OptionDuplicateValidator();
    const peering = new PeeringValidator(cache);
    const groups = new PeerGroupValidator(cache);
    const routerPeering = new RouterPeeringValidator(cache);
    const capabilities = new SpeakerCapabilityValidator(cache);
    const roles = new NetworkRoleValidator();
    const vrrp = new VrrpValidator(cache);
    const wireguard = new WireGuardValidator(cache);
    const advertisements = new AdvertisementValidator(cache);
    const pools = new PoolValidator(cache);

    const checks: ValidationChecks<BgptopoAstType> = {
        AstNode: (node, accept) => optionsOnce.checkOptionsOnce(node, accept),
        Topology: [
            (node, accept) => declarations.checkNames(node, accept),
            (node, accept) => addressing.checkTopology(node, accept),
            (node, accept) => routerIds.checkTopology(node, accept),
            (node, accept) => peering.checkTopology(node, accept),
            (node, accept) => groups.checkTopology(node, accept),
            (node, accept) => routerPeering.checkTopology(node, accept),
            (node, accept) => capabilities.checkTopology(node, accept),
            (node, accept) => announcements.checkTopology(node, accept),
            (node, accept) => announce.checkTopology(node, accept),
            (node, accept) => vrrp.checkTopology(node, accept),
            (node, accept) => wireguard.checkTopology(node, accept),
            (node, accept) => advertisements.checkTopology(node, accept)
        ],
        Network: [(node, accept) => addressing.checkNetworkLiteral(node, accept), (node, accept) => pools.checkNetwork(node, accept)],
        Router: [(node, accept) => asn.checkRouter(node, accept), (node, accept) => declarations.checkRouter(node, accept), (node, accept) => addressing.checkRouterLiterals(node, accept)],
        Neighbor: [
            (node, accept) => asn.checkNeighbor(node, accept),
            (node, accept) => addressing.checkNeighborLiteral(node, accept),
            (node, accept) => routerPeering.checkNeighborForm(node, accept),
            (node, accept) => declarations.checkSessionLine(node, accept)
        ],
        Upstream: [
            (node, accept) => asn.checkUpstream(node, accept),
            (node, accept) => declarations.checkSessionLine(node, accept),
            (node, accept) => routerPeering.checkRestartTime(node, accept)
        ],
        Accept: (node, accept) => addressing.checkAcceptLiterals(node, accept),
        HostAddress: (node, accept) => addressing.checkHostAddressLiteral(node, accept),
        Vip: [(node, accept) => vrrp.checkVipOptions(node, accept), (node, accept) => declarations.checkVip(node, accept), (node, accept) => addressing.checkVipLiteral(node, accept)],
        HealthCheck: (node, accept) => declarations.checkHealthCheck(node, accept),
        Frontend: (node, accept) => declarations.checkFrontend(node, accept),
        Cluster: [
            (node, accept) => declarations.checkCluster(node, accept),
            (node, accept) => declarations.checkClusterFamilies(node, accept),
            (node, accept) => roles.checkCluster(node, accept)
        ],
        MetallbSpeaker: (node, accept) => roles.checkMetallb(node, accept),
        KubeVipSpeaker: (node, accept) => roles.checkKubeVip(node, accept),
        Advertisement: (node, accept) => roles.checkAdvertisement(node, accept),
        Cni: (node, accept) => declarations.checkCni(node, accept),
        Speaker: [(node, accept) => asn.checkSpeaker(node, accept), (node, accept) => declarations.checkSpeaker(node, accept)],
        SourceSelector: (node, accept) => declarations.checkSource(node, accept),
        PeerGroup: (node, accept) => declarations.checkPeerGroup(node, accept),
        LabelTerm: (node, accept) => declarations.checkLabelTerm(node, accept),
        Node: [
            (node, accept) => addressing.checkNodeLiterals(node, accept),
            (node, accept) => declarations.checkNode(node, accept),
            (node, accept) => declarations.checkNodeFamilies(node, accept)
        ],
        SshTarget: (node, accept) => declarations.checkSshTarget(node, accept),
        DefaultSsh: (node, accept) => declarations.checkDefaultSsh(node, accept),
        WireGuard: [(node, accept) => declarations.checkWireGuard(node, accept), (node, accept) => roles.checkWireGuard(node, accept)],
        WgRoute: (node, accept) => addressing.checkWgRouteLiteral(node, accept)
    };
    registry.register(checks);
    // Values that reach configs, manifests and commands, against the grammar of where each goes.
    registry.register(new NameSyntaxValidator().checks());
    registry.register(new SshValueValidator().checks());
}
