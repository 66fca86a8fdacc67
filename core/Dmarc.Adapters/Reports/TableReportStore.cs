using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Reports;
using Dmarc.Core.Senders;

namespace Dmarc.Adapters.Reports;

/// <summary>
/// Report headers (partition = account, row = report key), normalised reports as JSON blobs
/// (reports/{key}.json) and contributions (partition = domain|day, row = report key|source IP).
/// Every write is an upsert keyed by report, so re-delivery and retries replace rather than add.
/// The JSON is written first, then the header, then the contributions: a header only exists once
/// its report does, and no contribution exists without its header. Every entity is built (and
/// bounded) before the first write. Lists read on through short pages (see <see cref="TablePages"/>).
/// </summary>
public sealed class TableReportStore(TableServiceClient tables, BlobServiceClient blobs, StorageNames names) : IReportStore, IContributionLookup
{
    private const int BatchSize = 100;
    private const int MaxContinuationLength = 4096;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient _headers = tables.GetTableClient(names.Table(StorageNames.Reports));
    private readonly TableClient _contributions = tables.GetTableClient(names.Table(StorageNames.Contributions));
    private readonly BlobContainerClient _json = blobs.GetBlobContainerClient(names.Container(StorageNames.ReportsJson));

    public async Task SaveAsync(StoredReport report, IReadOnlyList<Contribution> contributions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(contributions);
        // Every entity is built before the first write, so a value storage would refuse fails here, with nothing written.
        var header = HeaderEntity(report);
        var batches = contributions
            .GroupBy(c => Partition(c.PolicyDomain, c.Day))
            .SelectMany(partition => partition.Chunk(BatchSize))
            .Select(batch => batch.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(c))).ToArray())
            .ToArray();
        await _json.GetBlobClient(report.Key + ".json").UploadAsync(BinaryData.FromObjectAsJson(report.Report, Json), overwrite: true, cancellationToken);
        await _headers.UpsertEntityAsync(header, TableUpdateMode.Replace, cancellationToken);
        foreach (var batch in batches)
        {
            await _contributions.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    /// <summary>The header row, written before the contributions that hang off it; text from the report is bounded.</summary>
    private static TableEntity HeaderEntity(StoredReport report)
    {
        var r = report.Report;
        return new TableEntity(report.AccountId, report.Key)
        {
            ["OrgName"] = TableText.Bound(r.OrgName),
            ["ReportId"] = TableText.Bound(r.ReportId),
            ["PolicyDomain"] = TableText.Bound(r.Policy.Domain),
            // The published p and pct, so readers of the policy (alerts, overview) need no download of the report.
            ["PolicyP"] = TableText.Bound(r.Policy.P),
            ["PolicyPct"] = r.Policy.Pct,
            ["Begin"] = TableDates.Clamp(r.Begin),
            ["End"] = TableDates.Clamp(r.End),
            ["Records"] = r.Records.Count,
            ["Messages"] = r.Messages,
            ["ArchiveName"] = report.ArchiveName,
            ["IngestedAt"] = report.IngestedAt,
        };
    }

    public async Task<StoredReport?> GetAsync(string accountId, string key, CancellationToken cancellationToken = default)
    {
        if (!TableKeys.IsValid(accountId) || !TableKeys.IsValid(key))
        {
            return null;
        }

        var header = await _headers.GetEntityIfExistsAsync<TableEntity>(accountId, key, cancellationToken: cancellationToken);
        if (!header.HasValue)
        {
            return null;
        }

        var json = await _json.GetBlobClient(key + ".json").DownloadContentAsync(cancellationToken);
        var report = json.Value.Content.ToObjectFromJson<AggregateReport>(Json)!;
        return new StoredReport(key, accountId, report, header.Value!.GetString("ArchiveName"), header.Value.GetDateTimeOffset("IngestedAt") ?? default);
    }

    public async Task<(IReadOnlyList<StoredReport> Reports, string? Next)> ListAsync(
        string accountId, string? domain, DateTimeOffset? since, DateTimeOffset? until, int pageSize, string? continuation, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId}");
        if (domain is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"PolicyDomain eq {domain}");
        }

        // The Table service holds dates from 1601 to 9999 and refuses others in a filter: clamped, they select the same rows.
        if (since is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"End ge {TableDates.Clamp(since.Value)}");
        }

        if (until is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Begin le {TableDates.Clamp(until.Value)}");
        }

        string? resume = null;
        if (continuation is not null && !TryReadContinuation(continuation, out resume))
        {
            throw new ArgumentException("The continuation token was not issued for this list.", nameof(continuation));
        }

        var (rows, next) = await TablePages.ReadAsync(
            missing => _headers.QueryAsync<TableEntity>(filter, maxPerPage: missing, cancellationToken: cancellationToken), pageSize, resume, cancellationToken);
        return (rows.Select(e => Header(accountId, e)).ToArray(), IssueContinuation(next));
    }

    public bool IsContinuation(string continuation) => TryReadContinuation(continuation, out _);

    /// <summary>
    /// The SDK's token is "NextPartitionKey[ NextRowKey]". It is handed out as URL-safe base64, and a
    /// token is taken back only when it decodes to one or two printable values; anything else is not
    /// a token this store issued. A well-formed token can only move the start of the same filtered
    /// query, so it never reaches another account's reports.
    /// </summary>
    private static string? IssueContinuation(string? sdkToken) => sdkToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(sdkToken));

    /// <summary>The service's continuation values are opaque, printable ASCII (Azure's hold '!' and base64, Azurite's base64).</summary>
    private static bool IsTokenPart(string part) => part.Length is > 0 and <= TableKeys.MaxLength * 2 && part.All(c => c is > ' ' and <= '~');

    private static bool TryReadContinuation(string token, out string? sdkToken)
    {
        sdkToken = null;
        if (token.Length is 0 or > MaxContinuationLength || !Base64Url.IsValid(token))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var keys = decoded.Split(' ');
        if (keys.Length > 2 || !keys.All(IsTokenPart) || Base64Url.EncodeToString(Encoding.UTF8.GetBytes(decoded)) != token)
        {
            return false;
        }

        sdkToken = decoded;
        return true;
    }

    public async Task<Contribution?> GetAsync(string domain, DateOnly day, string reportKey, string sourceIp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(reportKey);
        ArgumentNullException.ThrowIfNull(sourceIp);
        var found = await _contributions.GetEntityIfExistsAsync<TableEntity>(Partition(domain, day), ContributionRow(reportKey, sourceIp), cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(domain, day, found.Value!) : null;
    }

    /// <summary>One query over the domain's day partitions: keys are domain|yyyy-MM-dd, so the days sort as text.</summary>
    public async Task<IReadOnlyList<Contribution>> RangeAsync(string domain, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        // One day is one partition: an equality filter is a point query (Azurite scans the table for a range).
        var filter = firstDay == lastDay
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition(domain, firstDay)}")
            : TableClient.CreateQueryFilter($"PartitionKey ge {Partition(domain, firstDay)} and PartitionKey le {Partition(domain, lastDay)}");
        var list = new List<Contribution>();
        await foreach (var e in _contributions.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var day = DateOnly.ParseExact(e.PartitionKey[(e.PartitionKey.LastIndexOf(TableKeys.Separator) + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            list.Add(FromEntity(domain, day, e));
        }

        return list;
    }

    public async Task<IReadOnlyList<Contribution>> ContributionsAsync(string domain, DateOnly day, CancellationToken cancellationToken = default)
    {
        var list = new List<Contribution>();
        await foreach (var e in _contributions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(domain, day)}"), cancellationToken: cancellationToken))
        {
            list.Add(FromEntity(domain, day, e));
        }

        return list;
    }

    private static Contribution FromEntity(string domain, DateOnly day, TableEntity e) =>
        new(domain, day, e.GetString("ReportKey"), e.GetString("SourceIp"), e.GetInt64("Total") ?? 0, e.GetInt64("DmarcPass") ?? 0,
            e.GetInt64("SpfAlignedPass") ?? 0, e.GetInt64("DkimAlignedPass") ?? 0, e.GetInt64("DispositionNone") ?? 0, e.GetInt64("DispositionQuarantine") ?? 0, e.GetInt64("DispositionReject") ?? 0)
        {
            Evidence = EvidenceColumn.Read(e.GetString(EvidenceColumn.Name)),
        };

    /// <summary>
    /// Copies the header row under the new account, then deletes the old row. The JSON blob and the
    /// contributions are keyed by report and domain, not by account, so they stay where they are.
    /// </summary>
    public async Task MoveAsync(string key, string fromAccountId, string toAccountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(toAccountId);
        if (!TableKeys.IsValid(key) || !TableKeys.IsValid(fromAccountId) || !TableKeys.IsValid(toAccountId) || fromAccountId == toAccountId)
        {
            return;
        }

        var header = await _headers.GetEntityIfExistsAsync<TableEntity>(fromAccountId, key, cancellationToken: cancellationToken);
        if (!header.HasValue)
        {
            return;
        }

        var moved = new TableEntity(toAccountId, key);
        foreach (var (name, value) in header.Value!)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            {
                moved[name] = value;
            }
        }

        await _headers.UpsertEntityAsync(moved, TableUpdateMode.Replace, cancellationToken);
        try
        {
            await _headers.DeleteEntityAsync(fromAccountId, key, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // A concurrent move deleted it first.
        }
    }

    private static string Partition(string domain, DateOnly day) => TableKeys.Join(domain, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    internal static string ContributionRow(string reportKey, string sourceIp) => TableKeys.Join(reportKey, sourceIp);

    private static TableEntity ToEntity(Contribution c) => new(Partition(c.PolicyDomain, c.Day), ContributionRow(c.ReportKey, c.SourceIp))
    {
        ["ReportKey"] = c.ReportKey,
        ["SourceIp"] = c.SourceIp,
        ["Total"] = c.Total,
        ["DmarcPass"] = c.DmarcPass,
        ["SpfAlignedPass"] = c.SpfAlignedPass,
        ["DkimAlignedPass"] = c.DkimAlignedPass,
        ["DispositionNone"] = c.DispositionNone,
        ["DispositionQuarantine"] = c.DispositionQuarantine,
        ["DispositionReject"] = c.DispositionReject,
        [EvidenceColumn.Name] = EvidenceColumn.Write(c.Evidence),
    };

    private static StoredReport Header(string accountId, TableEntity e)
    {
        var policy = new PublishedPolicy(e.GetString("PolicyDomain"), e.GetString("PolicyP"), null, null, null, null, e.GetInt32("PolicyPct"), null, null, null);
        var report = new AggregateReport(e.GetString("OrgName"), null, null, e.GetString("ReportId"), e.GetDateTimeOffset("Begin") ?? default, e.GetDateTimeOffset("End") ?? default,
            null, null, policy, [], []);
        return new StoredReport(e.RowKey, accountId, report, e.GetString("ArchiveName"), e.GetDateTimeOffset("IngestedAt") ?? default);
    }
}
