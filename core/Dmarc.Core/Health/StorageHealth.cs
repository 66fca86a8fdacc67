namespace Dmarc.Core.Health;

/// <summary>Reachability of one storage service (Blob, Table or Queue).</summary>
public sealed record ComponentHealth(string Component, bool Reachable, string? Error);

/// <summary>Reachability of every storage service the app needs.</summary>
public sealed record StorageHealth(IReadOnlyList<ComponentHealth> Components)
{
    public bool Healthy => Components.All(c => c.Reachable);
}

/// <summary>Port: probes one storage service.</summary>
public interface IStorageProbe
{
    string Component { get; }

    Task<ComponentHealth> ProbeAsync(CancellationToken cancellationToken = default);
}
