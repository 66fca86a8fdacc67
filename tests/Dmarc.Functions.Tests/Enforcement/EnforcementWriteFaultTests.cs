using System.Net;
using System.Net.Http.Json;
using Dmarc.Adapters.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Functions.Tests.Monitoring;
using Dmarc.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dmarc.Functions.Tests.Enforcement;

/// <summary>
/// A storage write failing at each point of an approval that writes SPF (the decision, the hosted
/// record set, the audit entry), of the denial that undoes it, and of a zone lock and unlock (the
/// mode, the three record sets, the audit entries): the caller retries, and every run ends in the
/// undisturbed state. The hosted provider keeps its zones in Table Storage, so DNS writes fail too.
/// </summary>
[Collection(PowerDnsTests.Name)]
public sealed class EnforcementWriteFaultTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_write_failing_at_any_point_of_an_spf_approval_and_its_undo_is_retried_to_the_undisturbed_state()
    {
        var includes = SpfApp.NewIncludesZone();
        await SpfApp.CreateIncludesZoneAsync(includes);
        try
        {
            var writes = await FailingWrites.AssertEachFailureEndsAsUndisturbedAsync(faults => ApproveAndDenyAsync(faults, includes));
            output.WriteLine($"{writes} writes; each failed once in its own run, and each run ended as the undisturbed one");
        }
        finally
        {
            await PowerDns.DeleteZoneAsync(includes);
        }
    }

    [Fact]
    public async Task A_write_failing_at_any_point_of_a_zone_lock_and_unlock_is_retried_to_the_undisturbed_state()
    {
        var writes = await FailingWrites.AssertEachFailureEndsAsUndisturbedAsync(LockAndUnlockAsync);
        output.WriteLine($"{writes} writes; each failed once in its own run, and each run ended as the undisturbed one");
    }

    private static async Task<(IReadOnlyList<string> State, int Writes)> ApproveAndDenyAsync(FailingWrites faults, string includes)
    {
        await using var spf = await SpfApp.StartAsync(DnsProviderKind.Hosted, includes, faults.Register, new() { ["Storage:ConnectionString"] = faults.ConnectionString }, Now);
        faults.Arm();
        foreach (var (sender, action) in new[] { ("service_localmail", "approve"), ("hosted_" + SpfApprovalTests.HostedIp, "approve"), ("service_localmail", "deny") })
        {
            await RetryAsync(faults, async () => (await spf.DecideAsync(sender, action)).Status);
        }

        return (await StateAsync(spf.App, faults), faults.Made);
    }

    private static async Task<(IReadOnlyList<string> State, int Writes)> LockAndUnlockAsync(FailingWrites faults)
    {
        await using var app = await MonitoringApp.StartAsync(DnsProviderKind.Hosted, runner: false, services: s =>
        {
            faults.Register(s);
            s.AddSingleton<TimeProvider>(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
        }, settings: new() { ["Storage:ConnectionString"] = faults.ConnectionString });
        var zone = app.Domain("parked");
        await app.CreateZoneAsync(zone);
        await app.PutAsync(zone, "_dmarc", "TXT", "v=DMARC1; p=none; rua=mailto:agg@reports.example");
        await app.PutAsync(zone, "@", "TXT", "v=spf1 include:_spf.example.net ~all");
        await app.Factory.Services.GetRequiredService<IMonitoredDomains>().UpsertAsync(new MonitoredDomain(zone, app.AccountId, null, Now));
        faults.Arm();
        foreach (var mode in new[] { "Blocked", "Active", "Blocked" })
        {
            await RetryAsync(faults, async () => (await app.Client.PutAsJsonAsync($"/api/domains/{zone}/mode", new { mode })).StatusCode);
        }

        return (await StateAsync(app, faults), faults.Made);
    }

    /// <summary>The call again while it fails, as a caller does; at most three times.</summary>
    private static async Task RetryAsync(FailingWrites faults, Func<Task<HttpStatusCode>> call)
    {
        for (var attempt = 1; await call() != HttpStatusCode.OK; attempt++)
        {
            Assert.True(attempt < 3, $"write {faults.FailAt}: attempt {attempt} failed too");
        }
    }

    private static async Task<IReadOnlyList<string>> StateAsync(MonitoringApp app, FailingWrites faults) =>
        [.. (await StorageSnapshot.TakeComparableAsync(app.Factory.Prefix, faults.ConnectionString, new Dictionary<string, string> { [app.AccountId] = "<account>", [app.Owner] = "<owner>" }))
            // The setup's report, written before the faults were armed: its bytes name the run's own zone, so its hashes differ from run to run.
            .Where(l => !l.StartsWith("blob archive/", StringComparison.Ordinal) && !l.StartsWith("blob reports/", StringComparison.Ordinal) && !l.StartsWith("queue sender-lookups:", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
}
