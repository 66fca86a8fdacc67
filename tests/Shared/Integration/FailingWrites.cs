using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dmarc.Tests.Shared;

/// <summary>
/// A fault-injecting pipeline policy on the app's Blob, Table and Queue clients: the write (PUT, POST,
/// PATCH, MERGE, DELETE) numbered <see cref="FailAt"/> fails once with a 503 before it reaches
/// Azurite, as a storage outage would, and every later write goes through. Counts writes so a
/// test can first learn how many an undisturbed run makes.
/// </summary>
internal sealed class FailingWrites
{
    private int _writes;
    private volatile bool _armed;

    /// <summary>The 1-based write that fails; 0 fails none.</summary>
    public int FailAt { get; init; }

    /// <summary>The storage the app's clients go to (the test command's Azurite unless set).</summary>
    public string ConnectionString { get; init; } = Azurite.ConnectionString;

    /// <summary>When set, the write that fails is not failed here: this runs first (it stops the storage) and the write then fails for real.</summary>
    public Func<Task>? Outage { get; init; }

    public int Writes => Volatile.Read(ref _writes);

    public bool Failed { get; private set; }

    public void Register(IServiceCollection services)
    {
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(new Policy(this), HttpPipelinePosition.PerCall);
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(new Policy(this), HttpPipelinePosition.PerCall);
        // As the app builds its queue client (StorageClients): the host reads messages as base64.
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(new Policy(this), HttpPipelinePosition.PerCall);
        if (Outage is not null)
        {
            // Storage that is down refuses connections: the SDK's retries (0.8 s doubling, three times) would
            // only make the test wait; retrying sooner is the same outage, and the retry under test is the host's.
            foreach (var retry in new[] { blobOptions.Retry, tableOptions.Retry, queueOptions.Retry })
            {
                retry.Delay = TimeSpan.FromMilliseconds(50);
                retry.MaxDelay = TimeSpan.FromMilliseconds(200);
            }
        }

        services.RemoveAll<BlobServiceClient>();
        services.RemoveAll<TableServiceClient>();
        services.RemoveAll<QueueServiceClient>();
        services.AddSingleton(new BlobServiceClient(ConnectionString, blobOptions));
        services.AddSingleton(new TableServiceClient(ConnectionString, tableOptions));
        services.AddSingleton(new QueueServiceClient(ConnectionString, queueOptions));
    }

    /// <summary>When set, what ends the outage (starts the storage again); a test calls <see cref="RecoverAsync"/> before it retries.</summary>
    public Func<Task>? Restore { get; init; }

    /// <summary>Azurite itself stopped before write <paramref name="failAt"/> (and started again when the test retries).</summary>
    public static FailingWrites OutageOf(AzuriteProcess azurite, int failAt)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        return new() { FailAt = failAt, ConnectionString = azurite.ConnectionString, Outage = azurite.StopAsync, Restore = azurite.StartAsync };
    }

    /// <summary>Ends the outage, if this is one: the storage is back for the retry.</summary>
    public Task RecoverAsync() => Restore?.Invoke() ?? Task.CompletedTask;

    /// <summary>
    /// Runs the work undisturbed to learn its writes and its end state, then once per write with
    /// that write failing, and asserts every run ends in the undisturbed state (after
    /// <paramref name="normalize"/>, which may merge what at-least-once delivery repeats).
    /// </summary>
    public static async Task<int> AssertEachFailureEndsAsUndisturbedAsync(
        Func<FailingWrites, Task<(IReadOnlyList<string> State, int Writes)>> run, Func<IReadOnlyList<string>, IEnumerable<string>>? normalize = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (undisturbedRun, writes) = await run(new FailingWrites());
        var undisturbed = Normal(undisturbedRun, normalize);
        Xunit.Assert.True(writes > 3, $"{writes} writes");
        for (var failAt = 1; failAt <= writes; failAt++)
        {
            var (state, _) = await run(new FailingWrites { FailAt = failAt });
            AssertSame(undisturbed, state, normalize, $"write {failAt} of {writes} failing");
        }

        return writes;
    }

    /// <summary>
    /// As <see cref="AssertEachFailureEndsAsUndisturbedAsync"/>, with Azurite itself stopped (an
    /// instance of the test's own on <paramref name="port"/> and the two after it, fresh for each
    /// run) before the first, a middle and the last write, and started again for the retry.
    /// </summary>
    public static async Task<int> AssertEachOutageEndsAsUndisturbedAsync(
        int port, Func<FailingWrites, Task<(IReadOnlyList<string> State, int Writes)>> run, Func<IReadOnlyList<string>, IEnumerable<string>>? normalize = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        async Task<(IReadOnlyList<string> State, int Writes)> RunAsync(int failAt)
        {
            await using var azurite = new AzuriteProcess(port);
            await azurite.StartAsync();
            return await run(OutageOf(azurite, failAt));
        }

        var (undisturbedRun, writes) = await RunAsync(0);
        var undisturbed = Normal(undisturbedRun, normalize);
        Xunit.Assert.True(writes > 3, $"{writes} writes");
        foreach (var failAt in new[] { 1, (writes + 1) / 2, writes }.Distinct())
        {
            var (state, _) = await RunAsync(failAt);
            AssertSame(undisturbed, state, normalize, $"Azurite stopped before write {failAt} of {writes}");
        }

        return writes;
    }

    /// <summary>Writes this run made, without the one that failed (which a retry made again).</summary>
    public int Made => Writes - (Failed ? 1 : 0);

    /// <summary>Starts counting (and failing), after the setup's own writes.</summary>
    public void Arm()
    {
        Interlocked.Exchange(ref _writes, 0);
        _armed = true;
    }

    /// <summary>True when this write is the one to fail.</summary>
    private bool IsTheOne(HttpMessage message)
    {
        if (!_armed || message.Request.Method == RequestMethod.Get || message.Request.Method == RequestMethod.Head)
        {
            return false;
        }

        return Interlocked.Increment(ref _writes) == FailAt;
    }

    private async ValueTask CheckAsync(HttpMessage message)
    {
        if (!IsTheOne(message))
        {
            return;
        }

        Failed = true;
        if (Outage is not null)
        {
            await Outage();
            return;
        }

        throw new RequestFailedException(503, $"Injected: write {FailAt} ({message.Request.Method} {message.Request.Uri.Path}) failed.", "ServerBusy", null);
    }

    /// <summary>
    /// The state without records of the calls: the queue functions keep each failure's reason (for
    /// the poison queue's listing), and the activity log keeps every call with its outcome, so a
    /// retried run has the failed call and the retry where the undisturbed run has one call; the
    /// timer runs kept for the pipeline status are best effort (a run whose record fails is lost
    /// from the status, not from the data).
    /// </summary>
    private static string[] Normal(IReadOnlyList<string> state, Func<IReadOnlyList<string>, IEnumerable<string>>? normalize) =>
        [.. (normalize ?? (s => s))([.. state.Where(line =>
            !line.StartsWith("table queuefailures:", StringComparison.Ordinal) && !line.StartsWith("table activity:", StringComparison.Ordinal)
            && !line.StartsWith("table timerruns:", StringComparison.Ordinal))])];

    private static void AssertSame(string[] undisturbed, IReadOnlyList<string> state, Func<IReadOnlyList<string>, IEnumerable<string>>? normalize, string what)
    {
        var normal = Normal(state, normalize);
        Xunit.Assert.True(undisturbed.SequenceEqual(normal), $"{what} left:\n+ {string.Join("\n+ ", normal.Except(undisturbed))}\n- {string.Join("\n- ", undisturbed.Except(normal))}");
    }

    private sealed class Policy(FailingWrites owner) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            owner.CheckAsync(message).AsTask().GetAwaiter().GetResult();
            ProcessNext(message, pipeline);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await owner.CheckAsync(message);
            await ProcessNextAsync(message, pipeline);
        }
    }
}
