namespace Dmarc.Core.Reports;

/// <summary>A stored report: where it was routed and where its raw bytes are archived.</summary>
public sealed record StoredReport(string Key, string AccountId, AggregateReport Report, string ArchiveName, DateTimeOffset IngestedAt)
{
    public const string Unclaimed = "unclaimed";
}

/// <summary>An inbound document's size and, unless it is over the size limit, its bytes.</summary>
public sealed record InboundContent(long Size, byte[]? Content);

/// <summary>One input that could not be ingested, kept aside with the reason and its kind.</summary>
public sealed record QuarantinedDocument(string Id, string Name, string Reason, long Size, DateTimeOffset At, QuarantineKind Kind = QuarantineKind.NotAReport);

/// <summary>Why a document is in quarantine, in kinds an operator can count.</summary>
public enum QuarantineKind
{
    /// <summary>It could not be read as an aggregate report (format, compression, XML, content).</summary>
    NotAReport,

    /// <summary>Its compressed size is over the limit.</summary>
    TooLarge,

    /// <summary>Its report range begins more than a day after it arrived.</summary>
    AheadOfArrival,

    /// <summary>The storage service refused to store it; retrying could not fix that.</summary>
    StorageRefused,

    /// <summary>The Functions host gave up on it after every attempt failed.</summary>
    GivenUp,

    /// <summary>Quarantined before kinds were recorded.</summary>
    Unrecorded,
}

/// <summary>Port: reports and their contributions; every write replaces, so a re-run never adds.</summary>
public interface IReportStore
{
    Task SaveAsync(StoredReport report, IReadOnlyList<Contribution> contributions, CancellationToken cancellationToken = default);

    Task<StoredReport?> GetAsync(string accountId, string key, CancellationToken cancellationToken = default);

    /// <summary>Headers of an account's reports (records empty), newest first, one page at a time.</summary>
    Task<(IReadOnlyList<StoredReport> Reports, string? Next)> ListAsync(string accountId, string? domain, DateTimeOffset? since, DateTimeOffset? until, int pageSize, string? continuation, CancellationToken cancellationToken = default);

    /// <summary>True when <paramref name="continuation"/> has the shape of a token this store issues; checked before any I/O (ListAsync throws on any other).</summary>
    bool IsContinuation(string continuation);

    Task<IReadOnlyList<Contribution>> ContributionsAsync(string domain, DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a report's header from one account to another: written under the new account first,
    /// then deleted under the old one. A report no longer under the old account is left alone, so
    /// running it again completes a move that failed half-way and changes nothing after one that ended.
    /// </summary>
    Task MoveAsync(string key, string fromAccountId, string toAccountId, CancellationToken cancellationToken = default);
}

/// <summary>Port: the blob containers documents move through (inbound, archive, quarantine).</summary>
public interface IDocumentStore
{
    /// <summary>
    /// The inbound document's size and, when it is within <paramref name="maxBytes"/>, its bytes
    /// (read once, whole); null when the document is gone.
    /// </summary>
    Task<InboundContent?> ReadInboundAsync(string name, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>Keeps the raw bytes under their content hash (idempotent) and returns the archive name.</summary>
    Task<string> ArchiveAsync(byte[] content, CancellationToken cancellationToken = default);

    /// <summary>Moves the inbound document of that name, streamed whatever its size, to quarantine with the reason.</summary>
    Task QuarantineAsync(QuarantinedDocument document, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<QuarantinedDocument>> ListQuarantineAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>How many documents quarantine holds, by kind of reason (every kind listed, 0 when none).</summary>
    Task<IReadOnlyDictionary<QuarantineKind, long>> CountQuarantineAsync(CancellationToken cancellationToken = default);

    /// <summary>Puts a quarantined document back into inbound under its name; false if there is no such id.</summary>
    Task<bool> RetryQuarantinedAsync(string id, CancellationToken cancellationToken = default);

    Task DeleteInboundAsync(string name, CancellationToken cancellationToken = default);
}
