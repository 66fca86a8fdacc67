namespace Dmarc.Core.Rollup;

/// <summary>
/// Message counts of a sender (or a whole domain) over a day or a window, and the rates made from
/// them: percentages with one decimal (midpoint away from zero) and the <see cref="PassBands">band</see>.
/// Counts add up, rates do not, so windows are sums of counts.
/// </summary>
public sealed record RollupCounts(
    long Messages,
    long DmarcPass,
    long SpfAlignedPass,
    long DkimAlignedPass,
    long DispositionNone,
    long DispositionQuarantine,
    long DispositionReject)
{
    public static RollupCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public long DmarcFail => Messages - DmarcPass;

    public double DmarcPassRate => Rate(DmarcPass);

    /// <summary>Share of messages without an aligned SPF pass.</summary>
    public double SpfFailureRate => Rate(Messages - SpfAlignedPass);

    /// <summary>Share of messages without an aligned DKIM pass.</summary>
    public double DkimFailureRate => Rate(Messages - DkimAlignedPass);

    public Senders.PassBand Band => PassBands.Of(DmarcPass, Messages);

    public RollupCounts Add(RollupCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            Messages + other.Messages,
            DmarcPass + other.DmarcPass,
            SpfAlignedPass + other.SpfAlignedPass,
            DkimAlignedPass + other.DkimAlignedPass,
            DispositionNone + other.DispositionNone,
            DispositionQuarantine + other.DispositionQuarantine,
            DispositionReject + other.DispositionReject);
    }

    public static RollupCounts Of(Reports.Contribution c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Total, c.DmarcPass, c.SpfAlignedPass, c.DkimAlignedPass, c.DispositionNone, c.DispositionQuarantine, c.DispositionReject);
    }

    private double Rate(long part) => Messages == 0 ? 0 : Math.Round(100.0 * part / Messages, 1, MidpointRounding.AwayFromZero);
}
