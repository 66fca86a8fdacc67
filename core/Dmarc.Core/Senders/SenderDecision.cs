namespace Dmarc.Core.Senders;

/// <summary>What a domain's owner decided about a sender (an "enabled sender" when approved).</summary>
public enum SenderDecision
{
    Approved,
    Denied,
}

/// <summary>A decision on one sender of one domain, with who made it and when.</summary>
public sealed record SenderDecisionRecord(string Domain, string SenderId, SenderDecision Decision, string DecidedBy, DateTimeOffset DecidedAt)
{
    /// <summary>The SPF change the decision made (denying undoes the approval's change exactly when the record is still as it left it).</summary>
    public Spf.SpfChange? SpfChange { get; init; }
}

/// <summary>Port: decisions per domain (a table; the latest decision per sender wins).</summary>
public interface ISenderDecisions
{
    Task<IReadOnlyList<SenderDecisionRecord>> ListAsync(string domain, CancellationToken cancellationToken = default);

    Task PutAsync(SenderDecisionRecord decision, CancellationToken cancellationToken = default);
}
