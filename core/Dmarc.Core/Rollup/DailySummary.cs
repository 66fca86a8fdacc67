using Dmarc.Core.Senders;

namespace Dmarc.Core.Rollup;

/// <summary>One sender's traffic as one domain on one UTC day, with every country it came from.</summary>
/// <param name="SenderId">The id the senders API uses: service_&lt;id&gt;, forwarder_&lt;org&gt;, hosted_&lt;ip&gt;, unidentified.</param>
public sealed record SenderDay(string SenderId, SenderClass Kind, string Name, RollupCounts Counts, IReadOnlyList<CountryVolume> Countries);

/// <summary>
/// What the rollup computed for one (domain, UTC day): one row per sender, from every
/// contribution of that day and the classifications as they stood at <paramref name="ComputedAt"/>.
/// IPs not classified yet count as unidentified until their classification re-marks the day.
/// </summary>
public sealed record DailySummary(string Domain, DateOnly Day, IReadOnlyList<SenderDay> Senders, DateTimeOffset ComputedAt)
{
    public RollupCounts Total => Senders.Aggregate(RollupCounts.Zero, (sum, s) => sum.Add(s.Counts));
}
