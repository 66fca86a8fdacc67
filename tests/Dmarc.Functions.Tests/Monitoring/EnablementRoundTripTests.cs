using Dmarc.Adapters.Dns;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dmarc.Functions.Tests.Monitoring;

/// <summary>
/// Table round trips of enabling one zone, as Azurite receives them: a recording pipeline policy
/// on the app's clients, and each zone's message worked on its own (no runner, no timers), so
/// every call counted belongs to that zone.
/// </summary>
public class EnablementRoundTripTests(ITestOutputHelper output)
{
    /// <summary>The task's own rows (task, zone progress and counts, lock).</summary>
    private static readonly string[] TaskTables = ["tasks", "taskresults", "accountlocks"];

    [Fact]
    public async Task A_created_zone_costs_at_most_five_table_calls_of_bookkeeping()
    {
        var calls = new StorageCalls();
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false, services: calls.Register);
        var zones = Enumerable.Range(0, 5).Select(i => app.Domain($"z{i}")).ToArray();
        foreach (var zone in zones)
        {
            await app.CreateZoneAsync(zone);
        }

        var service = app.Factory.Services.GetRequiredService<MonitoringTaskService>();
        var started = Assert.IsType<StartTaskResult.Started>(await service.StartAsync(app.AccountId, TaskKind.Enable, dryRun: false, domains: zones));
        var prefix = app.Factory.Prefix;
        var perZone = new List<IReadOnlyList<StorageCall>>();
        foreach (var zone in zones.SkipLast(1))
        {
            calls.Clear();
            await service.ProcessAsync(ZoneWorkItem.For(started.Task, zone));
            perZone.Add([.. calls.All.Where(c => c.Service == "table")]);
        }

        await service.ProcessAsync(ZoneWorkItem.For(started.Task, zones[^1]));
        var task = (await service.GetAsync(started.Task.Id))!;
        Assert.Equal(MonitoringTaskStatus.Completed, task.Task.Status);
        Assert.All(task.Results, r => Assert.Equal(Outcome.Created, r.Change.Outcome));

        foreach (var zoneCalls in perZone)
        {
            var byTable = zoneCalls.GroupBy(c => c.Table[prefix.Length..]).ToDictionary(g => g.Key, g => g.ToArray());
            var bookkeeping = byTable.Where(t => TaskTables.Contains(t.Key)).Sum(t => t.Value.Length)
                + byTable.GetValueOrDefault("monitoreddomains", []).Count(c => c.Method == "GET");
            output.WriteLine($"bookkeeping {bookkeeping}: " + string.Join(", ", byTable.OrderBy(t => t.Key).Select(t => $"{t.Key} {string.Join("+", t.Value.Select(c => c.Method))}")));
            Assert.True(bookkeeping <= 5, $"{bookkeeping} bookkeeping calls for one zone");
            Assert.Single(byTable["audit"]);
            Assert.Single(byTable["monitoreddomains"], c => c.Method == "PUT");
        }
    }

    [Fact]
    public async Task A_created_zone_is_read_from_powerdns_once_and_one_domain_is_disabled_without_listing()
    {
        var requests = new System.Collections.Concurrent.ConcurrentQueue<(string Method, string Path)>();
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.PowerDns, runner: false, services: s =>
            s.AddHttpClient(PowerDnsProvider.HttpClientName).AddHttpMessageHandler(() => new RecordingHandler(requests)));
        var zones = Enumerable.Range(0, 3).Select(i => app.Domain($"p{i}")).ToArray();
        foreach (var zone in zones)
        {
            await app.CreateZoneAsync(zone);
        }

        var service = app.Factory.Services.GetRequiredService<MonitoringTaskService>();
        var started = Assert.IsType<StartTaskResult.Started>(await service.StartAsync(app.AccountId, TaskKind.Enable, dryRun: false, domains: zones));
        foreach (var zone in zones)
        {
            requests.Clear();
            await service.ProcessAsync(ZoneWorkItem.For(started.Task, zone));

            var resource = $"/api/v1/servers/localhost/zones/{zone}.";
            var onZone = requests.Where(r => r.Path == resource || r.Path.StartsWith(resource + "?", StringComparison.Ordinal)).Select(r => r.Method).ToArray();
            output.WriteLine($"{zone}: " + string.Join(", ", requests.Select(r => $"{r.Method} {r.Path.Replace(zone, "<zone>", StringComparison.Ordinal)}")));
            // One read of the zone (its facts and SOA) for the plan, which the write reuses; the PATCH;
            // _dmarc is searched for the plan and read back, and the SOA after, through search-data.
            Assert.Equal(["GET", "PATCH"], onZone);
            Assert.Equal(3, requests.Count(r => r.Path.StartsWith($"/api/v1/servers/localhost/search-data?q={zone}&", StringComparison.Ordinal)
                || r.Path.StartsWith($"/api/v1/servers/localhost/search-data?q=_dmarc.{zone}&", StringComparison.Ordinal)));
        }

        Assert.All((await service.GetAsync(started.Task.Id))!.Results, r => Assert.Equal(Outcome.Created, r.Change.Outcome));

        // Disabling one domain looks that zone up; it does not list the account's zones.
        requests.Clear();
        var disable = Assert.IsType<StartTaskResult.Started>(await service.StartAsync(app.AccountId, TaskKind.Disable, dryRun: false, domains: [zones[1]]));
        Assert.Equal(1, disable.Task.Total);
        Assert.DoesNotContain(requests, r => r.Method == "GET" && (r.Path.StartsWith("/api/v1/servers/localhost/zones?", StringComparison.Ordinal) || r.Path == "/api/v1/servers/localhost/zones"));
        Assert.Contains(requests, r => r.Method == "GET" && r.Path.StartsWith($"/api/v1/servers/localhost/zones/{zones[1]}.?", StringComparison.Ordinal));
    }

    /// <summary>Records the method and path of every request the app sends to PowerDNS.</summary>
    private sealed class RecordingHandler(System.Collections.Concurrent.ConcurrentQueue<(string Method, string Path)> requests) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Enqueue((request.Method.Method, Uri.UnescapeDataString(request.RequestUri!.PathAndQuery)));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
