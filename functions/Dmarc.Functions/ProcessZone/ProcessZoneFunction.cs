using System.Text.Json;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.ProcessZone;

/// <summary>Queue trigger on zone-tasks: applies one zone of an enable/disable task.</summary>
public static class ProcessZoneFunction
{
    public const string Name = "ProcessZone";
    public const string MessageBinding = "item";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTrigger(Name, async (request, services, cancellationToken) =>
        {
            // The host sends the message JSON-encoded once more; HostContract undoes that.
            var item = request.DataJson<ZoneWorkItem>(
                MessageBinding, "a zone work item (TaskId and AccountId are required; Zone, when given, is not empty)", i => i is { TaskId.Length: > 0, AccountId.Length: > 0, Zone: null or { Length: > 0 } }, Json);
            await services.GetRequiredService<MonitoringTaskService>().ProcessAsync(item, cancellationToken);
            return InvocationResult.Done($"{item.TaskId}: {item.Zone ?? "listing"}");
        }, queueTrigger: (Adapters.Storage.StorageNames.ZoneTasks, MessageBinding));
}
