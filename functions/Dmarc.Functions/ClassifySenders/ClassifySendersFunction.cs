using System.Text.Json;
using Dmarc.Core.Senders;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.ClassifySenders;

/// <summary>Queue trigger on sender-lookups: reverse DNS (cached per IP) and classification of one batch of a report's source IPs.</summary>
public static class ClassifySendersFunction
{
    public const string Name = "ClassifySenders";
    public const string MessageBinding = "item";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTrigger(Name, async (request, services, cancellationToken) =>
        {
            var batch = request.DataJson<SenderLookupBatch>(
                MessageBinding,
                "a sender lookup batch (domain, reportKey, days and 1 to 500 ips are required)",
                b => b is { Domain.Length: > 0, ReportKey.Length: > 0, Days.Count: > 0, Ips.Count: > 0 and <= SenderLookupBatch.MaxIps } && b.Ips.All(ip => ip is { Length: > 0 }),
                Json);
            var classified = await services.GetRequiredService<SenderLookupService>().ProcessAsync(batch, cancellationToken);
            return InvocationResult.Done($"{batch.Domain}: {classified.Count} IPs of report {batch.ReportKey} classified");
        }, queueTrigger: (Adapters.Storage.StorageNames.SenderLookups, MessageBinding));
}
