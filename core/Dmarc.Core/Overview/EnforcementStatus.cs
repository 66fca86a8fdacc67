using Dmarc.Core.Reports;
using Dmarc.Core.Rollup;

namespace Dmarc.Core.Overview;

/// <summary>Where a domain stands on the way to enforcement (the Enforcement Status chart).</summary>
public enum EnforcementStatus
{
    /// <summary>Sends mail and publishes <c>p=quarantine</c> or <c>p=reject</c> for all of it (no <c>pct</c>, or 100).</summary>
    AtEnforcement,

    /// <summary>Sends mail at <c>p=none</c>, or applies its policy to only part of it (<c>pct</c> below 100).</summary>
    NotAtEnforcement,

    /// <summary>Locked with the Blocked mode (the service serves <c>p=reject</c>), or sends no legitimate mail (nothing passed DMARC in the period) and publishes <c>p=reject</c>.</summary>
    Blocked,

    /// <summary>No mail at all in the period and no <c>p=reject</c>: should be blocked.</summary>
    NotSending,
}

public static class EnforcementStatuses
{
    /// <summary>The status from the policy of the domain's newest report, its messages in the period, and whether its owner locked it with the Blocked mode.</summary>
    public static EnforcementStatus Of(PublishedPolicy? policy, RollupCounts period, bool lockedBlocked = false)
    {
        ArgumentNullException.ThrowIfNull(period);
        var p = policy?.P?.Trim().ToLowerInvariant();
        if (lockedBlocked || (p == "reject" && period.DmarcPass == 0))
        {
            return EnforcementStatus.Blocked;
        }

        if (period.Messages == 0)
        {
            return EnforcementStatus.NotSending;
        }

        return p is "quarantine" or "reject" && policy!.Pct is null or >= 100 ? EnforcementStatus.AtEnforcement : EnforcementStatus.NotAtEnforcement;
    }
}
