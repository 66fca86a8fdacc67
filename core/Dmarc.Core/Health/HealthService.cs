namespace Dmarc.Core.Health;

/// <summary>Probes every storage service at once, each bounded by a timeout.</summary>
public sealed class HealthService(IEnumerable<IStorageProbe> probes)
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<StorageHealth> CheckAsync(CancellationToken cancellationToken = default)
    {
        var results = await Task.WhenAll(probes.Select(p => ProbeOneAsync(p, cancellationToken)));
        return new StorageHealth(results.OrderBy(r => r.Component, StringComparer.Ordinal).ToArray());
    }

    private static async Task<ComponentHealth> ProbeOneAsync(IStorageProbe probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            return await probe.ProbeAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ComponentHealth(probe.Component, false, $"No answer within {ProbeTimeout.TotalSeconds:0} s.");
        }
    }
}
