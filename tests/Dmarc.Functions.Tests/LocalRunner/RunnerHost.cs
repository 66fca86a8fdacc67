using System.Collections.Concurrent;
using System.Text.Json;
using Dmarc.Adapters;
using Dmarc.Adapters.Storage;
using Dmarc.Functions.LocalRunner;
using Dmarc.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dmarc.Functions.Tests.LocalRunner;

/// <summary>One delivery the runner made: which function, and the payload as posted.</summary>
public sealed record Delivery(string Function, JsonElement Payload)
{
    /// <summary>A Metadata value as posted (a string holds JSON text, as the host sends it), or null.</summary>
    public string? Metadata(string key) =>
        Payload.GetProperty("Metadata").TryGetProperty(key, out var value) ? value.ToString() : null;
}

/// <summary>
/// A small real web app on 127.0.0.1 with the local trigger runner, test function folders of its
/// own and handlers that record each delivery and succeed or fail as the test says.
/// </summary>
public sealed class RunnerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _root;

    private RunnerHost(WebApplication app, string root, string prefix)
    {
        _app = app;
        _root = root;
        Names = new StorageNames(prefix);
    }

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public StorageNames Names { get; }

    public IReadOnlyList<Delivery> For(string function) => Deliveries.Where(d => d.Function == function).ToArray();

    /// <summary>Starts the host with the given function.json files; <paramref name="fail"/> decides which deliveries fail.</summary>
    /// <param name="hostJson">The host.json of the functions folder (none: the host's defaults).</param>
    public static async Task<RunnerHost> StartAsync(IReadOnlyDictionary<string, string> functionJsons, Func<Delivery, bool>? fail = null, string? hostJson = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "dmarc-runner-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        if (hostJson is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(root, HostRetrySettings.FileName), hostJson);
        }

        foreach (var (name, json) in functionJsons)
        {
            Directory.CreateDirectory(Path.Combine(root, name));
            await File.WriteAllTextAsync(Path.Combine(root, name, FunctionCatalog.FileName), json);
        }

        var prefix = Azurite.NewPrefix();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var settings = DmarcAppFactory.BaseSettings(prefix);
        settings["LocalRunner:FunctionsRoot"] = root;
        settings["LocalRunner:PollInterval"] = "00:00:00.200";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDmarcAdapters(builder.Configuration).AddLocalTriggerRunner(builder.Configuration);
        var app = builder.Build();
        var host = new RunnerHost(app, root, prefix);
        foreach (var name in functionJsons.Keys)
        {
            app.MapPost("/" + name, async (HttpRequest request) =>
            {
                var delivery = new Delivery(name, await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
                host.Deliveries.Enqueue(delivery);
                return fail?.Invoke(delivery) == true
                    ? Results.Problem(statusCode: 500, detail: $"{name} failed on purpose")
                    : Results.Json(new { Outputs = new { }, Logs = Array.Empty<string>(), ReturnValue = (object?)null });
            });
        }

        await app.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_root, recursive: true);
        await AzuriteCleanup.DeletePrefixedAsync(Names.Prefix);
    }
}
