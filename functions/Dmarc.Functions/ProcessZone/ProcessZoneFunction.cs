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
            var item = Parse(request.DataString(MessageBinding));
            await services.GetRequiredService<MonitoringTaskService>().ProcessAsync(item, cancellationToken);
            return InvocationResult.Done($"{item.TaskId}: {item.Zone}");
        });

    /// <summary>The message text (the host sends it JSON-encoded once more; <see cref="HostContract"/> undoes that) is a work item.</summary>
    private static ZoneWorkItem Parse(string? message)
    {
        try
        {
            return message is not null && JsonSerializer.Deserialize<ZoneWorkItem>(message, Json) is { TaskId.Length: > 0, AccountId.Length: > 0, Zone.Length: > 0 } item
                ? item
                : throw new HostPayloadException("The queue message is not a zone work item (TaskId, AccountId and Zone are required).");
        }
        catch (JsonException ex)
        {
            throw new HostPayloadException($"The queue message is not a zone work item: {ex.Message}");
        }
    }
}
