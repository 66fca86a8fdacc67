using System.Text.Json;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.ProcessZone;

/// <summary>Queue trigger on zone-tasks: applies one zone of an enable/disable task.</summary>
public static class ProcessZoneFunction
{
    public const string Name = "ProcessZone";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTrigger(Name, async (request, services, cancellationToken) =>
        {
            var item = Parse(request.DataValue("item"));
            await services.GetRequiredService<MonitoringTaskService>().ProcessAsync(item, cancellationToken);
            return InvocationResult.Done($"{item.TaskId}: {item.Zone}");
        });

    /// <summary>The host passes the message as a JSON string, or already parsed when it is JSON.</summary>
    private static ZoneWorkItem Parse(JsonElement? data) => data switch
    {
        { ValueKind: JsonValueKind.String } s => JsonSerializer.Deserialize<ZoneWorkItem>(s.GetString()!, Json),
        { ValueKind: JsonValueKind.Object } o => o.Deserialize<ZoneWorkItem>(Json),
        _ => null,
    } ?? throw new InvalidOperationException("The queue message is not a zone work item.");
}
