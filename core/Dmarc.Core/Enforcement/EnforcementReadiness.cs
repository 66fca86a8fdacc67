namespace Dmarc.Core.Enforcement;

/// <summary>Why a domain is not ready for a policy, in words with the numbers (<paramref name="Code"/> for programs).</summary>
public sealed record ReadinessReason(ReadinessCode Code, string Text, string? SenderId = null);

public enum ReadinessCode
{
    TooFewDays,
    TooFewMessages,
    NoApprovedSender,
    ApprovedSenderBelowPassing,
    UnreviewedVolume,
}

/// <summary>Ready for one policy, or every reason it is not.</summary>
public sealed record LevelReadiness(bool Ready, IReadOnlyList<ReadinessReason> Reasons);

/// <summary>An approved sender's figures over the period: pass rate, band and how far below Passing it is.</summary>
/// <param name="PointsBelowPassing">Percentage points short of 95 % (0 when Passing).</param>
/// <param name="PassesShort">How many more of its messages would have had to pass to be Passing.</param>
public sealed record ApprovedSenderStanding(string SenderId, string Name, long Messages, long DmarcPass, double PassRate, Senders.PassBand Band, double PointsBelowPassing, long PassesShort);

/// <summary>
/// Whether a domain can move to <c>p=quarantine</c> and to <c>p=reject</c>, from the rollup of the
/// period <paramref name="From"/>..<paramref name="To"/> (ending yesterday).
/// </summary>
/// <param name="UnreviewedPercent">The share of messages from senders neither approved nor denied (unidentified traffic included).</param>
public sealed record EnforcementReadiness(
    string Domain,
    DateOnly From,
    DateOnly To,
    long Messages,
    int DaysWithData,
    long UnreviewedMessages,
    double UnreviewedPercent,
    IReadOnlyList<ApprovedSenderStanding> ApprovedSenders,
    LevelReadiness Quarantine,
    LevelReadiness Reject)
{
    public LevelReadiness For(string policy) => policy == "reject" ? Reject : Quarantine;
}
