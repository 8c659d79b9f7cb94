// Where a model stands under a licensing regime: the tier its size puts it in, what that tier
// obliges, whether its release was lawful, and the resulting licence status. Pure functions of the
// scenario's `regime` block and the model's record.
import type { Obligations, Regime } from "../scenario/schema.js";
import type { ProductAccess } from "./access.js";

/** Tier of a model under a regime: full licence, light tier, or exempt. */
export type Tier = "full" | "light" | "exempt";

/**
 * Licence status of a model on sale, seen from the regulating jurisdiction:
 * - exempt: below every line (or no regime in force);
 * - licensed / light: in a tier and compliant;
 * - gray: in a tier, provider inside the jurisdiction, not compliant (or an illegal open release);
 * - offshore: in a tier, provider outside the jurisdiction, no home licence (gray when sold at home);
 * - leaked: weights that escaped, served by anyone (gray only where distributing them is unlawful:
 *   see leakUnlawful).
 */
export type LicenceStatus = "exempt" | "licensed" | "light" | "gray" | "offshore" | "leaked";

export const NO_OBLIGATIONS: Obligations = { weightSecurity: false, inferenceMonitoring: false, redTeaming: false, endUserVetting: false };

/** regime in force at period t: regime != null and t >= startPeriod */
export function regimeInForce(regime: Regime | null, period: number): regime is Regime {
  return regime !== null && period >= regime.startPeriod;
}

/** tier = full if FLOP >= line or capability >= capability line; light if FLOP >= light line; else exempt */
export function tierOf(regime: Regime, trainingFlop: number, capability: number): Tier {
  if (regime.thresholdFlop !== null && trainingFlop >= regime.thresholdFlop) return "full";
  if (regime.thresholdCapability !== null && capability >= regime.thresholdCapability) return "full";
  if (regime.lightTier && trainingFlop >= regime.lightTier.minTrainingFlop) return "light";
  return "exempt";
}

/** obligations(tier) = the regime's obligations for the full tier, the light tier's for light, none when exempt */
export function obligationsOf(regime: Regime, tier: Tier): Obligations {
  if (tier === "full") return regime.obligations;
  if (tier === "light" && regime.lightTier) return regime.lightTier.obligations;
  return NO_OBLIGATIONS;
}

/** open release lawful iff below the ban line and (no pre-release audit of its tier or audits allow open weights) */
export function openReleaseLawful(regime: Regime, trainingFlop: number, tier: Tier): boolean {
  if (regime.openWeightBanFlop !== null && trainingFlop >= regime.openWeightBanFlop) return false;
  if (tier === "full" && regime.preReleaseApproval && !regime.preReleaseApproval.openWeightsAllowed) return false;
  return true;
}

/** status of a model given its tier, whether its provider complied, where the provider is, and whether the release was lawful */
export function licenceStatus(tier: Tier, complied: boolean, providerInJurisdiction: boolean, lawfulRelease: boolean): LicenceStatus {
  if (!lawfulRelease) return providerInJurisdiction ? "gray" : "offshore";
  if (tier === "exempt") return "exempt";
  if (complied) return tier === "full" ? "licensed" : "light";
  return providerInJurisdiction ? "gray" : "offshore";
}

/** gray-market product of an owner: sold to home buyers without the licence its tier requires, or released openly against the rules */
export function isGrayStatus(status: LicenceStatus): boolean {
  return status === "gray" || status === "offshore";
}

/** a leaked copy is unlawful to serve iff a regime is in force and (its tier needs a licence or releasing it openly would be unlawful) */
export function leakUnlawful(regime: Regime | null, trainingFlop: number, capability: number): boolean {
  if (regime === null) return false;
  const tier = tierOf(regime, trainingFlop, capability);
  return tier !== "exempt" || !openReleaseLawful(regime, trainingFlop, tier);
}

/** compliant = licensed or light: the model carries its tier's obligations and charges */
export function isCompliantStatus(status: LicenceStatus): boolean {
  return status === "licensed" || status === "light";
}

/** Tier, status and access of a model sold by a provider (owner -1: leaked copy) under a regime. */
export interface ModelStanding {
  tier: Tier;
  status: LicenceStatus;
  /** gray market at home: an owner's gray or offshore model, or a leaked copy that is unlawful to serve */
  gray: boolean;
  access: ProductAccess;
  /** carries the inference-monitoring obligation (its serving cost bears the monitoring overhead) */
  monitored: boolean;
}

/** The standing of a model: tier from its size, status from compliance and location, buyers' view of it. */
export function modelStanding(
  model: { trainingFlop: number; capability: number; open: boolean; complied: boolean; releasedUnderRegime: boolean; withdrawnFromRegimeJurisdiction: boolean; owner: number },
  providerJurisdiction: string,
  regime: Regime | null,
): ModelStanding {
  const inJurisdiction = regime !== null && providerJurisdiction === regime.jurisdiction;
  if (model.owner < 0) {
    // hosted by anyone, anywhere: a licence obliges nobody, so it binds only through the model's tier and the open-release rules
    const gray = leakUnlawful(regime, model.trainingFlop, model.capability);
    return {
      tier: regime === null ? "exempt" : tierOf(regime, model.trainingFlop, model.capability),
      status: "leaked",
      gray,
      access: { status: "leaked", gray, providerJurisdiction: "", providerInRegimeJurisdiction: false, underVetting: false, withdrawnFromRegimeJurisdiction: false },
      monitored: false,
    };
  }
  if (regime === null) {
    return {
      tier: "exempt",
      status: "exempt",
      gray: false,
      access: { status: "exempt", gray: false, providerJurisdiction, providerInRegimeJurisdiction: inJurisdiction, underVetting: false, withdrawnFromRegimeJurisdiction: false },
      monitored: false,
    };
  }
  const tier = tierOf(regime, model.trainingFlop, model.capability);
  const lawfulRelease = !model.open || !model.releasedUnderRegime || openReleaseLawful(regime, model.trainingFlop, tier);
  const status = licenceStatus(tier, model.complied, inJurisdiction, lawfulRelease);
  const obligations = obligationsOf(regime, tier);
  const compliant = isCompliantStatus(status);
  const gray = isGrayStatus(status);
  return {
    tier,
    status,
    gray,
    access: {
      status,
      gray,
      providerJurisdiction,
      providerInRegimeJurisdiction: inJurisdiction,
      // weights that are out cannot vet their users: open models are never under vetting (grandfathered ones neither)
      underVetting: compliant && obligations.endUserVetting && !model.open,
      withdrawnFromRegimeJurisdiction: model.withdrawnFromRegimeJurisdiction,
    },
    monitored: compliant && obligations.inferenceMonitoring,
  };
}

/** a firm holds a licence iff one of its models complied and falls in a tier (the licence fee is per firm) */
export function holdsLicence(models: readonly { complied: boolean; trainingFlop: number; capability: number }[], regime: Regime): boolean {
  return models.some((m) => m.complied && tierOf(regime, m.trainingFlop, m.capability) !== "exempt");
}
