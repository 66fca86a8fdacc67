using Dmarc.Core.Accounts;
using Dmarc.Core.Alerts;

namespace Dmarc.Core.Enforcement;

/// <summary>
/// Announces each write of a plan to the account's owners as a "DMARC policy update" alert: what
/// changed, why (the readiness that held, or the sender that stopped passing, with its numbers),
/// and the records before and after. The service changed the customer's DNS itself, so the owners
/// hear of it whatever their edition. Delivery is keyed by the write, so announcing again sends nothing twice.
/// </summary>
public sealed class EnforcementAnnouncer(IAccountStore accounts, AlertDelivery delivery)
{
    public async Task AnnounceAsync(EnforcementPlan plan, PlanWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(write);
        var account = await accounts.GetAsync(plan.AccountId, cancellationToken);
        if (account is null)
        {
            return;
        }

        var alert = Event(plan, write);
        foreach (var owner in account.OwnerEmails.Select(e => e.ToLowerInvariant()).Distinct(StringComparer.Ordinal))
        {
            await delivery.DeliverAsync(alert, owner, string.Join('|', "enforcement", owner, plan.Domain, alert.Scope), cancellationToken);
        }
    }

    public static AlertEvent Event(EnforcementPlan plan, PlanWrite write)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(write);
        var to = write.ToStep >= 0 ? plan.Steps[write.ToStep].ToString() : "the record from before the plan";
        var what = write.Reason == PlanWriteReason.Advance
            ? $"The enforcement plan of {plan.Domain} moved its DMARC policy to {to} (step {write.ToStep + 1} of {plan.Steps.Count}). {write.Detail}"
            : $"The enforcement plan of {plan.Domain} stepped back to {to}: {write.Detail}";
        var next = write.Reason == PlanWriteReason.Advance
            ? write.ToStep == plan.Steps.Count - 1
                ? "The domain is at its final policy. The daily check keeps watching your approved senders and steps back if one stops passing."
                : $"The next step comes after at least {plan.DwellDays} days, if every approved sender still passes. Pause or cancel the plan at /api/domains/{plan.Domain}/enforcement."
            : $"Fix the sender's SPF or DKIM alignment, then resume the plan: POST /api/domains/{plan.Domain}/enforcement:resume.";
        return new AlertEvent(AlertType.DmarcPolicyUpdate, plan.AccountId, plan.Domain, write.SenderId, $"enforcement:{plan.CreatedAt.UtcTicks}:{write.At.UtcTicks}", what, write.Before, write.After, next, write.At)
        {
            Record = RecordKind.Dmarc,
        };
    }
}
