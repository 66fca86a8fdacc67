using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dmarc.Adapters.Storage;
using Dmarc.Core.Alerts;
using Dmarc.Core.ExecutiveReports;

namespace Dmarc.Adapters.ExecutiveReports;

/// <summary>
/// Executive reports in the <c>executive-reports</c> container: <c>{account}/{id}.html</c>, one
/// self-contained page each, written once (if-none-match), its period and time in the metadata so a
/// listing needs no download. Ids other than <c>weekly-yyyyMMdd</c> or <c>monthly-yyyyMMdd</c> are
/// never looked up, so no caller-chosen text becomes part of a blob name.
/// </summary>
public sealed partial class BlobExecutiveReportArchive(BlobServiceClient blobs, StorageNames names) : IExecutiveReportArchive
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(names.Container(StorageNames.ExecutiveReports));

    public async Task<bool> ExistsAsync(string accountId, string id, CancellationToken cancellationToken = default) =>
        Valid(accountId, id) && (await _container.GetBlobClient(Name(accountId, id)).ExistsAsync(cancellationToken)).Value;

    public async Task AddAsync(StoredExecutiveReport report, string html, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!Valid(report.AccountId, report.Id))
        {
            throw new ArgumentException("Not an executive report id.", nameof(report));
        }

        try
        {
            await _container.GetBlobClient(Name(report.AccountId, report.Id)).UploadAsync(BinaryData.FromString(html), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" },
                Metadata = new Dictionary<string, string>
                {
                    ["cadence"] = report.Cadence.ToString(),
                    ["from"] = report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["to"] = report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["created"] = report.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                },
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Stored by an earlier attempt: that page stands.
        }
    }

    public async Task<IReadOnlyList<StoredExecutiveReport>> ListAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var reports = new List<StoredExecutiveReport>();
        if (!ValidAccount(accountId))
        {
            return reports;
        }

        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = accountId + "/", Traits = BlobTraits.Metadata }, cancellationToken))
        {
            var id = blob.Name[(accountId.Length + 1)..^".html".Length];
            var m = blob.Metadata;
            reports.Add(new StoredExecutiveReport(
                accountId,
                id,
                Enum.Parse<AlertCadence>(m["cadence"]),
                DateOnly.ParseExact(m["from"], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.ParseExact(m["to"], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(m["created"], CultureInfo.InvariantCulture)));
        }

        return [.. reports.OrderByDescending(r => r.From).ThenBy(r => r.Cadence)];
    }

    public async Task<string?> GetHtmlAsync(string accountId, string id, CancellationToken cancellationToken = default)
    {
        if (!Valid(accountId, id))
        {
            return null;
        }

        try
        {
            var content = await _container.GetBlobClient(Name(accountId, id)).DownloadContentAsync(cancellationToken);
            return Encoding.UTF8.GetString(content.Value.Content.ToMemory().Span);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static string Name(string accountId, string id) => $"{accountId}/{id}.html";

    private static bool Valid(string accountId, string id) => ValidAccount(accountId) && IdPattern().IsMatch(id);

    private static bool ValidAccount(string accountId) => AccountPattern().IsMatch(accountId);

    [GeneratedRegex("^(weekly|monthly)-[0-9]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountPattern();
}
