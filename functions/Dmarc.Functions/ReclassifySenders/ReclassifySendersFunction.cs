using Dmarc.Core.Senders;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.ReclassifySenders;

/// <summary>
/// Timer trigger (hourly, half past, before the rollup on the hour): classifies again what an older
/// sender catalogue classified, and marks the rollups of the domains whose senders changed.
/// </summary>
public static class ReclassifySendersFunction
{
    public const string Name = "ReclassifySenders";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTimer(Name, async (request, services, cancellationToken) =>
        {
            _ = request.DataObject("timer"); // decoding checks the payload is the host's timer shape
            var run = await services.GetRequiredService<SenderReclassification>().RunAsync(cancellationToken);
            return InvocationResult.Done(
                $"Catalogue {run.CatalogueVersion}: {run.Reclassified} classified again, {run.Changed} changed sender{(run.More ? "; more wait for the next run" : "")}");
        });
}
