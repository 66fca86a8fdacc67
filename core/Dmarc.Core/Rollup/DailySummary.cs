using Dmarc.Core.Senders;

namespace Dmarc.Core.Rollup;

/// <summary>One sender's traffic as one domain on one UTC day, with every country it came from.</summary>
/// <param name="SenderId">The id the senders API uses: service_&lt;id&gt;, forwarder_&lt;org&gt;, hosted_&lt;ip&gt;, unidentified.</param>
public sealed record SenderDay(string SenderId, SenderClass Kind, string Name, RollupCounts Counts, IReadOnlyList<CountryVolume> Countries)
{
    /// <summary>At most this many IPs are kept per day in <see cref="Ips"/> (the largest).</summary>
    public const int MaxIps = 1_000;

    /// <summary>
    /// Messages per source IP, largest first, kept for the unidentified sender only (the possible
    /// internal sender alert needs one IP's share of the unidentified volume): at most
    /// <see cref="MaxIps"/>, so an IP below the day's first thousand is in <see cref="Counts"/> but not here.
    /// Empty for other senders (their IPs are their own senders or one service).
    /// </summary>
    public IReadOnlyList<IpVolume> Ips { get; init; } = [];
}

/// <summary>The messages of one source IP.</summary>
public sealed record IpVolume(string Ip, long Messages);

/// <summary>
/// What the rollup computed for one (domain, UTC day): one row per sender, from every
/// contribution of that day and the classifications as they stood at <paramref name="ComputedAt"/>.
/// IPs not classified yet count as unidentified until their classification re-marks the day.
/// </summary>
public sealed record DailySummary(string Domain, DateOnly Day, IReadOnlyList<SenderDay> Senders, DateTimeOffset ComputedAt)
{
    public RollupCounts Total => Senders.Aggregate(RollupCounts.Zero, (sum, s) => sum.Add(s.Counts));
}
